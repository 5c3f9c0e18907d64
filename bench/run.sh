#!/usr/bin/env bash
# The gateway-versus-bare-Kestrel benchmark in one command, everything on loopback:
# starts PostgreSQL and Redis (a stack of its own under .local/bench-stack), one silo on them (durable profile),
# the gateways the chosen scenarios need and bench/BareKestrel, all from a Release build; waits until each is
# ready; runs bench/Marketplace.Bench against the gateway and the bare server in the same run; prints the table;
# stops only what it started.
#
#   bench/run.sh [--scenario S[,T]] [--duration SEC] [--warmup SEC] [--concurrency C] [--rounds N] [--mode closed|open|both]
#                [--rate R] [--rate-fraction F] [--nice N] [--no-build] [-- <more harness options>]
#   bench/run.sh --scenario flash-sale [-- --shoppers N --accounts N --units N --wants N]
#
# Results: .local/bench/results-<time>.md and .json; host logs: .local/bench/logs/.
# Ports: PostgreSQL BENCH_PG_PORT (55452), Redis BENCH_REDIS_PORT (56399), S3 BENCH_S3_PORT (54588); the hosts get free loopback ports.
# The stack's data: BENCH_STACK_DIR (.local/bench-stack), e.g. a fresh one for the scale-* scenarios.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"

usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$REPO_ROOT/bench/run.sh"; }
log() { echo "[bench] $*" >&2; }
die() { echo "[bench] ERROR: $*" >&2; exit 1; }

HARNESS_ARGS=()
SCENARIO=""
BUILD=1
NICE=0
while [ $# -gt 0 ]; do
  case "$1" in
    --scenario) SCENARIO="$2"; HARNESS_ARGS+=("$1" "$2"); shift 2 ;;
    --duration|--warmup|--concurrency|--rounds|--mode|--rate|--rate-fraction) HARNESS_ARGS+=("$1" "$2"); shift 2 ;;
    --nice) NICE="$2"; shift 2 ;;
    --no-build) BUILD=0; shift ;;
    --) shift; HARNESS_ARGS+=("$@"); break ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown option $1" ;;
  esac
done

command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is not on PATH"
command -v curl >/dev/null || die "curl is needed (apt-get install curl)"

BENCH_DIR="$REPO_ROOT/.local/bench"
LOGS="$BENCH_DIR/logs"
STAMP="$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$LOGS"

export STACK_DIR="${BENCH_STACK_DIR:-$REPO_ROOT/.local/bench-stack}" PG_PORT="${BENCH_PG_PORT:-55452}" REDIS_PORT="${BENCH_REDIS_PORT:-56399}" S3_PORT="${BENCH_S3_PORT:-54588}"

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Each host's PID, to stop exactly these and to give the harness the processes whose CPU it reports.
declare -A PID=()
STACK_STARTED=0
cleanup() {
  local status=$?
  for name in "${!PID[@]}"; do kill -TERM "${PID[$name]}" 2>/dev/null || true; done
  for name in "${!PID[@]}"; do
    for _ in $(seq 1 50); do kill -0 "${PID[$name]}" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "${PID[$name]}" 2>/dev/null || true
  done
  [ "$STACK_STARTED" = 1 ] && { deploy/local/stack.sh stop || true; }
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The stack is stopped at the end only if this run started it.
if port_in_use "$PG_PORT" && port_in_use "$REDIS_PORT"; then
  log "PostgreSQL and Redis already answer on $PG_PORT/$REDIS_PORT; using them and leaving them running"
else
  STACK_STARTED=1
fi
eval "$(deploy/local/stack.sh start)"

if [ "$BUILD" = 1 ]; then
  log "building (Release)…"
  dotnet build bench/bench.slnf -c Release -nologo -v q >"$LOGS/build.log" 2>&1 || die "build failed; see $LOGS/build.log"
fi
out() { echo "$REPO_ROOT/$1/bin/Release/net10.0/$2"; }
HARNESS="$(out bench/Marketplace.Bench Marketplace.Bench.dll)"
[ -f "$HARNESS" ] || die "$HARNESS is missing; run without --no-build"

GATEWAYS="$(dotnet "$HARNESS" gateways ${SCENARIO:+--scenario "$SCENARIO"})" || die "no such scenario: $SCENARIO"
# The flash sale (shoppers racing for one SKU until it sells out) is a command of the harness, not a measured phase.
COMMAND=run
[ "$SCENARIO" = flash-sale ] && COMMAND=flash-sale

# take_port VAR: the next loopback port nobody listens on (not in a subshell: it advances NEXT_PORT).
NEXT_PORT=$((20000 + RANDOM % 20000))
take_port() {
  while port_in_use "$NEXT_PORT"; do NEXT_PORT=$((NEXT_PORT + 1)); done
  printf -v "$1" '%s' "$NEXT_PORT"
  NEXT_PORT=$((NEXT_PORT + 1))
}

# start NAME DLL HTTP_PORT [ENV=VALUE…]
start() {
  local name="$1" dll="$2" port="$3"
  shift 3
  [ -f "$dll" ] || die "$dll is missing; run without --no-build"
  (cd "$(dirname "$dll")" && exec env "$@" Urls="http://127.0.0.1:$port" DOTNET_ENVIRONMENT=Production \
      Logging__LogLevel__Default=Warning nice -n "$NICE" dotnet "$dll" >"$LOGS/$name.log" 2>&1) &
  PID[$name]=$!
  log "$name started (pid $!, http://127.0.0.1:$port, log $LOGS/$name.log)"
}

wait_ready() {
  local name="$1" url="$2"
  for _ in $(seq 1 240); do
    curl --noproxy '*' -fsS -m 3 -o /dev/null "$url" 2>/dev/null && return 0
    kill -0 "${PID[$name]}" 2>/dev/null || die "$name exited; see $LOGS/$name.log"
    sleep 0.5
  done
  die "$name not ready at $url after 120s; see $LOGS/$name.log"
}

# A cluster id of its own per run: silos of an earlier, interrupted run stay out of its membership.
DATABASE="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=marketplace_bench"
CLUSTER=(
  Cluster__Mode=AdoNet
  "Cluster__ConnectionString=$DATABASE"
  "Cluster__ClusterId=bench-$STAMP-$$"
  Cluster__ServiceId=marketplace-bench
)

# Secrets of the run's own: Production hosts refuse the development ones committed to the repository.
# The harness measures throughput from one address, so the gateways' rate limits are off; its tokens, taken at a
# scenario's setup, must outlive the scenario's phases (a large catalog's setup alone takes minutes).
GATEWAY_ENV=(Jwt__SigningKeys__0__Id="bench-$STAMP" "Jwt__SigningKeys__0__Key=$(head -c 48 /dev/urandom | base64 -w0)" RateLimiting__Enabled=false
  Jwt__AccessTokenLifetime=02:00:00)
# The seller-orders scenarios write their sub-orders straight into the silo's projection table.
export BENCH_ORDERS_DATABASE="$DATABASE"
export BENCH_OPERATOR_PASSWORD="bench-operator-$(head -c 24 /dev/urandom | base64 -w0 | tr -d '/+=')"

take_port SILO_HTTP; take_port SILO_PORT; take_port SILO_GATEWAY_PORT; take_port BARE_HTTP; take_port PROCESSOR_HTTP; take_port CARRIER_HTTP
# The external card processor (test mode) that checkouts pay through and the carrier each checkout's shipment registers
# with; they stand for third parties, so their CPU is not counted.
start payment-gateway "$(out src/External/PaymentGateway Marketplace.External.PaymentGateway.dll)" "$PROCESSOR_HTTP"
CARRIER_API_KEY="bench-$(head -c 24 /dev/urandom | base64 -w0 | tr -d '/+=')"
start carrier "$(out src/External/Carrier Marketplace.External.Carrier.dll)" "$CARRIER_HTTP" "Carrier__ApiKey=$CARRIER_API_KEY" \
  "Carrier__WebhookSecret=bench-$(head -c 24 /dev/urandom | base64 -w0)" "Carrier__WebhookUrl=http://127.0.0.1:9/carrier/webhook"
# BENCH_SEARCH_CACHE_SECONDS=0 measures search without the silo's search cache (Search:CacheSeconds).
SILO_EXTRA=()
[ -n "${BENCH_SEARCH_CACHE_SECONDS:-}" ] && SILO_EXTRA+=("Search__CacheSeconds=$BENCH_SEARCH_CACHE_SECONDS")
start silo "$(out src/Silo Marketplace.Silo.dll)" "$SILO_HTTP" "${CLUSTER[@]}" "${SILO_EXTRA[@]}" \
  Storage__Profile=Durable "Storage__Postgres=$DATABASE" "Storage__Redis=$MARKETPLACE_REDIS" \
  "Identity__Operator__Password=$BENCH_OPERATOR_PASSWORD" "Logistics__Carrier__ApiKey=$CARRIER_API_KEY" "Logistics__Carrier__BaseUrl=http://127.0.0.1:$CARRIER_HTTP" \
  "Dashboard__Password=bench-$(head -c 24 /dev/urandom | base64 -w0)" "Cluster__SiloPort=$SILO_PORT" "Cluster__GatewayPort=$SILO_GATEWAY_PORT" "Payments__GatewayUrl=http://127.0.0.1:$PROCESSOR_HTTP/"
start bare-kestrel "$(out bench/BareKestrel Marketplace.Bench.BareKestrel.dll)" "$BARE_HTTP"
wait_ready silo "http://127.0.0.1:$SILO_HTTP/health/ready"
wait_ready payment-gateway "http://127.0.0.1:$PROCESSOR_HTTP/health"
wait_ready carrier "http://127.0.0.1:$CARRIER_HTTP/health"
# Parcels stay registered for the run: the bench measures checkout, not the journey (whose callbacks need the logistics gateway).
curl --noproxy '*' -fsS -m 5 -o /dev/null -X PUT -H 'Content-Type: application/json' -d '{"stepDelayMs": 86400000}' \
  "http://127.0.0.1:$CARRIER_HTTP/admin/mode" || die "could not set the carrier sandbox's mode"

declare -A GATEWAY_URL=()
GATEWAY_ARGS=()
SERVER_PIDS="${PID[silo]}"
for gateway in $GATEWAYS; do
  project="$(tr '[:lower:]' '[:upper:]' <<<"${gateway:0:1}")${gateway:1}"
  take_port port
  start "gateway-$gateway" "$(out "src/ApiFrontends/$project" "Marketplace.Gateways.$project.dll")" "$port" "${CLUSTER[@]}" "${GATEWAY_ENV[@]}"
  GATEWAY_URL[$gateway]="http://127.0.0.1:$port"
  GATEWAY_ARGS+=("--$gateway" "${GATEWAY_URL[$gateway]}")
  SERVER_PIDS="$SERVER_PIDS,${PID[gateway-$gateway]}"
done
for gateway in $GATEWAYS; do
  wait_ready "gateway-$gateway" "${GATEWAY_URL[$gateway]}/health/ready"
done
wait_ready bare-kestrel "http://127.0.0.1:$BARE_HTTP/health/ready"

log "running the harness ($(nproc) cores: the load generator shares them with the servers)"
nice -n "$NICE" dotnet "$HARNESS" "$COMMAND" "${GATEWAY_ARGS[@]}" --bare "http://127.0.0.1:$BARE_HTTP" \
  --gateway-pids "$SERVER_PIDS" --bare-pids "${PID[bare-kestrel]}" --postgres "$DATABASE" \
  --out "$BENCH_DIR/results-$STAMP.json" "${HARNESS_ARGS[@]}" | tee "$BENCH_DIR/results-$STAMP.md"
log "results: $BENCH_DIR/results-$STAMP.md and .json"
