#!/usr/bin/env bash
# Installs what is missing, starts the real stack (PostgreSQL, Redis, …), builds the marketplace, starts N silos
# and the three gateways with demo data behind the nginx edge (HTTPS), and prints every URL. Safe to run twice: what
# already runs is kept.
#   deploy/local/up.sh [--silos N] [--gateways N] [--rotate-jwt]        stop with deploy/local/down.sh
#   --gateways N: instances of each gateway behind nginx (default 1).
#   --rotate-jwt: a new JWT signing key signs from now on, the current one stays accepted; the gateways restart.
# Secrets: .local/secrets.env; certificates from the install's own CA: .local/pki (both generated once; docs/security.md)
# Logs: .local/run/logs/<service>.log   PIDs: .local/run/pids/<service>.pid
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$REPO_ROOT"
SILOS=2
GATEWAYS=1
ROTATE_JWT=0
while [ $# -gt 0 ]; do
  case "$1" in
    --silos) SILOS="$2"; shift 2 ;;
    --gateways) GATEWAYS="$2"; shift 2 ;;
    --rotate-jwt) ROTATE_JWT=1; shift ;;
    *) echo "usage: $0 [--silos N] [--gateways N] [--rotate-jwt]" >&2; exit 2 ;;
  esac
done

RUN_DIR="$REPO_ROOT/.local/run"
LOGS="$RUN_DIR/logs"
PIDS="$RUN_DIR/pids"
mkdir -p "$LOGS" "$PIDS"

log() { echo "[up] $*" >&2; }
die() { echo "[up] ERROR: $*" >&2; exit 1; }
command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is not on PATH"
command -v curl >/dev/null || die "curl is needed (apt-get install curl)"

# --- secrets: this install's own, never the repository's development values ---
SECRETS_GENERATED="$(deploy/local/secrets.sh ensure)"
[ "$ROTATE_JWT" = 1 ] && deploy/local/secrets.sh rotate-jwt
set -a
# shellcheck disable=SC1091
. "$(deploy/local/secrets.sh path)"
set +a
JWT=("Jwt__SigningKeys__0__Id=$JWT_KEY_ID" "Jwt__SigningKeys__0__Key=$JWT_KEY")
[ -n "${JWT_PREVIOUS_KEY:-}" ] && JWT+=("Jwt__SigningKeys__1__Id=$JWT_PREVIOUS_KEY_ID" "Jwt__SigningKeys__1__Key=$JWT_PREVIOUS_KEY")

# --- certificates: mutual TLS inside the cluster, HTTPS at the edge, all from this install's CA ---
deploy/local/pki.sh ensure
PKI="$(deploy/local/pki.sh path)"
cluster_tls() { echo Cluster__Tls__Enabled=true "Cluster__Tls__CertificatePath=$PKI/$1.pem" "Cluster__Tls__KeyPath=$PKI/$1.key" "Cluster__Tls__CaPath=$PKI/ca.pem"; }
read -r -a SILO_TLS <<<"$(cluster_tls silo)"
read -r -a GATEWAY_TLS <<<"$(cluster_tls gateway)"

# S3_ACCESS_KEY / S3_SECRET_KEY (exported above) are the only keys the stack's s3rver accepts.
eval "$(deploy/local/stack.sh start)"

log "building (Release)…"
dotnet build Marketplace.sln -c Release -nologo -v q >"$LOGS/build.log" 2>&1 || die "build failed; see $LOGS/build.log"

# The event backbone: the Kafka-protocol broker (silo streams and the integrators' topics) and ClickHouse.
# Its environment (Streams__*, IntegratorTopics__*, Analytics__*) is exported, so every silo below inherits it.
eval "$(CONFIGURATION=Release deploy/local/events.sh start)"

out() { echo "$REPO_ROOT/$1/bin/Release/net10.0/$2"; }

running() { [ -f "$PIDS/$1.pid" ] && kill -0 "$(cat "$PIDS/$1.pid")" 2>/dev/null; }

# start NAME DLL HTTP_PORT [ENV=VALUE…]: runs a host in the background unless it already runs.
start() {
  local name="$1" dll="$2" port="$3"
  shift 3
  if running "$name"; then
    log "$name already running (pid $(cat "$PIDS/$name.pid"))"
    return
  fi
  (cd "$(dirname "$dll")" && exec env "$@" Urls="http://127.0.0.1:$port" DOTNET_ENVIRONMENT=Production \
      nohup dotnet "$dll" >"$LOGS/$name.log" 2>&1) &
  echo $! >"$PIDS/$name.pid"
  log "$name started (pid $!, log $LOGS/$name.log)"
}

# shellcheck source=deploy/local/processes.sh
. deploy/local/processes.sh
stop_host() { stop_pidfile "$PIDS/$1.pid"; }

wait_ready() {
  local name="$1" url="$2"
  for _ in $(seq 1 120); do
    curl -fsS -o /dev/null "$url" 2>/dev/null && return 0
    running "$name" || die "$name exited; see $LOGS/$name.log"
    sleep 0.5
  done
  die "$name not ready at $url after 60s; see $LOGS/$name.log"
}

CLUSTER=(
  Cluster__Mode=AdoNet
  "Cluster__ConnectionString=$MARKETPLACE_POSTGRES"
  Cluster__ClusterId=marketplace-local
  Cluster__ServiceId=marketplace
)
STORES=(
  Storage__Profile=Durable
  "Storage__Postgres=$MARKETPLACE_POSTGRES"
  "Storage__Redis=$MARKETPLACE_REDIS"
  "Media__S3__ServiceUrl=$MARKETPLACE_S3"
  "Media__S3__AccessKey=$MARKETPLACE_S3_ACCESS_KEY"
  "Media__S3__SecretKey=$MARKETPLACE_S3_SECRET_KEY"
)
SILO_SECRETS=(
  "Dashboard__Password=$DASHBOARD_PASSWORD"
  "Identity__Operator__Password=$OPERATOR_PASSWORD"
  "Logistics__Carrier__ApiKey=$CARRIER_API_KEY"
  "Catalog__DemoData__Password=$DEMO_SELLER_PASSWORD"
)

# The external parties the silos call: the card processor's and the carrier's sandboxes.
start payment-gateway "$(out src/External/PaymentGateway Marketplace.External.PaymentGateway.dll)" 5400
start carrier "$(out src/External/Carrier Marketplace.External.Carrier.dll)" 5500 \
  "Carrier__ApiKey=$CARRIER_API_KEY" "Carrier__WebhookSecret=$CARRIER_WEBHOOK_SECRET"
wait_ready payment-gateway http://127.0.0.1:5400/health
wait_ready carrier http://127.0.0.1:5500/health

for i in $(seq 1 "$SILOS"); do
  start "silo-$i" "$(out src/Silo Marketplace.Silo.dll)" $((8080 + i)) "${CLUSTER[@]}" "${SILO_TLS[@]}" "${STORES[@]}" "${SILO_SECRETS[@]}" \
    Cluster__SiloPort=$((11110 + i)) Cluster__GatewayPort=$((30000 + i)) \
    Catalog__DemoData__Enabled=true  # idempotent: demo sellers seller{1..5}@demo.marketplace.local (DEMO_SELLER_PASSWORD) and 300 products
  # The first silo creates the databases and tables; the others start once it is up.
  [ "$i" = 1 ] && wait_ready silo-1 "http://127.0.0.1:8081/health/ready"
done
for i in $(seq 1 "$SILOS"); do wait_ready "silo-$i" "http://127.0.0.1:$((8080 + i))/health/ready"; done

# --- gateways: GATEWAYS instances of each kind on loopback (ports 5100…, 5200…, 5300…), behind the nginx edge ---
declare -A GATEWAY_BASE_PORT=([public]=5100 [seller]=5200 [logistics]=5300)
declare -A GATEWAY_PROJECT=([public]=Public [seller]=Seller [logistics]=Logistics)
# The gateways believe X-Forwarded-For/Proto only from the edge's address.
GATEWAY_ENV=("${CLUSTER[@]}" "${GATEWAY_TLS[@]}" "${JWT[@]}" ForwardedHeaders__KnownProxies__0=127.0.0.1)
GATEWAY_TARGETS=()
GATEWAY_INSTANCES=()
for kind in public seller logistics; do
  project="${GATEWAY_PROJECT[$kind]}"
  extra=()
  [ "$kind" = logistics ] && extra=("Carrier__WebhookSecret=$CARRIER_WEBHOOK_SECRET")
  upstreams=""
  for i in $(seq 1 "$GATEWAYS"); do
    port=$((GATEWAY_BASE_PORT[$kind] + i - 1))
    # A rotated signing key reaches the gateways by restarting them.
    [ "$ROTATE_JWT" = 1 ] && stop_host "gateway-$kind-$i"
    start "gateway-$kind-$i" "$(out "src/ApiFrontends/$project" "Marketplace.Gateways.$project.dll")" "$port" "${GATEWAY_ENV[@]}" "${extra[@]}"
    upstreams+="127.0.0.1:$port "
    GATEWAY_TARGETS+=("127.0.0.1:$port")
    GATEWAY_INSTANCES+=("gateway-$kind-$i")
  done
  # Instances beyond --gateways from an earlier run stop.
  for pidfile in "$PIDS/gateway-$kind-"*.pid; do
    [ -e "$pidfile" ] || continue
    n="${pidfile##*-}"; n="${n%.pid}"
    [ "$n" -gt "$GATEWAYS" ] && stop_pidfile "$pidfile"
  done
  export "EDGE_${kind^^}_UPSTREAMS=$upstreams"
done
for i in "${!GATEWAY_INSTANCES[@]}"; do
  wait_ready "${GATEWAY_INSTANCES[$i]}" "http://${GATEWAY_TARGETS[$i]}/health/ready"
done

# The edge: nginx terminates HTTPS (the install's edge certificate) and spreads requests over the instances.
deploy/nginx/edge.sh start "$RUN_DIR/nginx"
EDGE_URLS=(https://localhost:8443 https://localhost:8444 https://localhost:8445)
for url in "${EDGE_URLS[@]}"; do
  for _ in $(seq 1 50); do curl -fsS -o /dev/null --cacert "$PKI/ca.pem" "$url/openapi/v1.json" && break; sleep 0.2; done
  curl -fsS -o /dev/null --cacert "$PKI/ca.pem" "$url/openapi/v1.json" || die "the edge does not serve $url; see $RUN_DIR/nginx/logs/error.log"
done

# Prometheus scrapes every host's /metrics, as operators would run it.
if ! command -v prometheus >/dev/null; then
  log "installing prometheus"
  apt-get install -y -qq prometheus >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq prometheus >/dev/null; } \
    || die "apt-get install prometheus failed"
fi
# deploy/prometheus as it is (config, rules, alerts), with this machine's hosts as its file-discovered targets.
PROM_DIR="$RUN_DIR/prometheus"
rm -rf "$PROM_DIR" && mkdir -p "$PROM_DIR/targets" && cp -r deploy/prometheus/prometheus.yml deploy/prometheus/rules "$PROM_DIR/"
target() { printf '{"targets": ["127.0.0.1:%s"], "labels": {"service": "%s"}}' "$1" "$2"; }
silo_targets="$(for i in $(seq 1 "$SILOS"); do target $((8080 + i)) silo; [ "$i" = "$SILOS" ] || printf ', '; done)"
echo "[$silo_targets]" >"$PROM_DIR/targets/silos.json"
gateway_targets="$(for kind in public seller logistics; do for i in $(seq 1 "$GATEWAYS"); do
  printf '%s, ' "$(target $((GATEWAY_BASE_PORT[$kind] + i - 1)) "$kind-gateway")"; done; done)"
echo "[${gateway_targets%, }]" >"$PROM_DIR/targets/gateways.json"
if running prometheus; then
  kill -HUP "$(cat "$PIDS/prometheus.pid")"
else
  nohup prometheus --config.file="$PROM_DIR/prometheus.yml" --storage.tsdb.path="$RUN_DIR/prometheus-data" \
    --web.listen-address=127.0.0.1:9090 >"$LOGS/prometheus.log" 2>&1 &
  echo $! >"$PIDS/prometheus.pid"
  log "prometheus started (pid $!, log $LOGS/prometheus.log)"
fi
wait_ready prometheus http://127.0.0.1:9090/-/ready

cat <<URLS

Marketplace is up ($SILOS silos, $GATEWAYS instance(s) of each gateway behind nginx, cluster traffic over mutual TLS).
  Public gateway      https://localhost:8443   OpenAPI https://localhost:8443/openapi/v1.json
  Seller gateway      https://localhost:8444   OpenAPI https://localhost:8444/openapi/v1.json
  Logistics gateway   https://localhost:8445   OpenAPI https://localhost:8445/openapi/v1.json
  (certificates of this install's CA, $PKI/ca.pem: curl --cacert $PKI/ca.pem https://localhost:8443/categories)
  Gateway instances   ${GATEWAY_TARGETS[*]}   (loopback, plain HTTP: health /health/ready, metrics /metrics)
$(for i in $(seq 1 "$SILOS"); do echo "  Silo $i              http://127.0.0.1:$((8080 + i))   dashboard http://127.0.0.1:$((8080 + i))/dashboard/ (operator login)   metrics /metrics   health /health/ready"; done)
  Prometheus          http://127.0.0.1:9090   (targets: http://127.0.0.1:9090/targets)
  Payment sandbox     http://127.0.0.1:5400   (test cards, outages on demand: PUT /admin/mode)
  Carrier sandbox     http://127.0.0.1:5500
  PostgreSQL          $MARKETPLACE_POSTGRES
  Redis               $MARKETPLACE_REDIS
  S3 (s3rver)         $MARKETPLACE_S3
  Kafka (mock broker) $Streams__Kafka__BootstrapServers   topics marketplace.<domain>.v1 (docs/events/README.md)
  ClickHouse          $MARKETPLACE_CLICKHOUSE   queries in docs/analytics.md
  Logs                $LOGS
Stop with: deploy/local/down.sh
URLS

# The logins are shown by the run that generated them; later runs say where they are.
if [ -n "$SECRETS_GENERATED" ]; then
  cat <<LOGINS
Demo logins (generated for this install; kept in $(deploy/local/secrets.sh path), mode 0600):
  Operator            operator@marketplace.local          password $OPERATOR_PASSWORD
  Demo sellers        seller1..5@demo.marketplace.local   password $DEMO_SELLER_PASSWORD
  Orleans dashboard   user operator                       password $DASHBOARD_PASSWORD
LOGINS
else
  echo "Demo logins: in $(deploy/local/secrets.sh path) (OPERATOR_PASSWORD, DEMO_SELLER_PASSWORD, DASHBOARD_PASSWORD)."
fi
