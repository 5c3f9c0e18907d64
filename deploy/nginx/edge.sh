#!/usr/bin/env bash
# The nginx edge in front of the three gateways (Debian's nginx): HTTPS with the install's certificate, HTTP/2,
# keep-alive upstreams to every instance of each gateway, per-gateway body limits and rate limits, RFC 7807 error pages.
#   deploy/nginx/edge.sh install          apt-get install nginx if missing (without starting Debian's own site)
#   deploy/nginx/edge.sh render DIR       write DIR/nginx.conf and DIR/gateways/*.conf from the templates
#   deploy/nginx/edge.sh start DIR        render, check and start nginx (reload if it runs); PID in DIR/nginx.pid
#   deploy/nginx/edge.sh stop DIR         stop the nginx started from DIR
# Settings (environment), per gateway NAME in public, seller, logistics:
#   EDGE_<NAME>_PORT       HTTPS port (public 8443, seller 8444, logistics 8445)
#   EDGE_<NAME>_UPSTREAMS  the gateway instances, "host:port host:port…" (default one instance at 5100 / 5200 / 5300)
#   EDGE_<NAME>_BODY_LIMIT client body limit (1m; seller 32m, the image uploads)
#   EDGE_<NAME>_RATE, EDGE_<NAME>_BURST  requests per second and burst per client address (50r/s 100; seller, logistics 20r/s 40)
#   EDGE_LISTEN (127.0.0.1), EDGE_CERTIFICATE / EDGE_CERTIFICATE_KEY (the install's edge.pem / edge.key from deploy/local/pki.sh)
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TEMPLATES="$REPO_ROOT/deploy/nginx"
NGINX="${NGINX:-/usr/sbin/nginx}"

log() { echo "[edge] $*" >&2; }
die() { echo "[edge] ERROR: $*" >&2; exit 1; }

install() {
  [ -x "$NGINX" ] && return
  [ "$(id -u)" = 0 ] || die "nginx is missing; installing it needs root (apt-get install nginx)"
  log "installing nginx"
  # Debian's package starts its default site on port 80 at install; the edge runs its own nginx, so forbid that start.
  local policy=/usr/sbin/policy-rc.d created=0
  if [ ! -e "$policy" ]; then printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod +x "$policy" && created=1; fi
  apt-get update -qq || die "apt-get update failed"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null || { [ "$created" = 1 ] && rm -f "$policy"; die "apt-get install nginx failed"; }
  [ "$created" = 1 ] && rm -f "$policy"
  [ -x "$NGINX" ] || die "nginx not found after install"
}

# gateway NAME PORT UPSTREAMS BODY_LIMIT RATE BURST: one server block.
gateway() {
  local name="$1" port="$2" upstreams="$3" body="$4" rate="$5" burst="$6" servers="" upstream
  for upstream in $upstreams; do servers+="    server $upstream max_fails=1 fail_timeout=5s;"$'\n'; done
  [ -n "$servers" ] || die "no upstream for the $name gateway"
  sed -e "s|{{NAME}}|$name|g" -e "s|{{PORT}}|$port|g" -e "s|{{LISTEN}}|${EDGE_LISTEN:-127.0.0.1}|g" \
      -e "s|{{BODY_LIMIT}}|$body|g" -e "s|{{RATE}}|$rate|g" -e "s|{{BURST}}|$burst|g" -e "s|{{TEMPLATES}}|$TEMPLATES|g" \
      "$TEMPLATES/gateway.conf.template" | awk -v servers="${servers%$'\n'}" '{ if ($0 == "{{SERVERS}}") print servers; else print }'
}

render() {
  local dir="$1" pki
  pki="$("$REPO_ROOT/deploy/local/pki.sh" path)"
  mkdir -p "$dir/gateways" "$dir/logs" "$dir/tmp"
  sed -e "s|{{RUN_DIR}}|$dir|g" -e "s|{{CERTIFICATE}}|${EDGE_CERTIFICATE:-$pki/edge.pem}|g" \
      -e "s|{{CERTIFICATE_KEY}}|${EDGE_CERTIFICATE_KEY:-$pki/edge.key}|g" "$TEMPLATES/nginx.conf.template" >"$dir/nginx.conf"
  gateway public "${EDGE_PUBLIC_PORT:-8443}" "${EDGE_PUBLIC_UPSTREAMS:-127.0.0.1:5100}" "${EDGE_PUBLIC_BODY_LIMIT:-1m}" \
    "${EDGE_PUBLIC_RATE:-50r/s}" "${EDGE_PUBLIC_BURST:-100}" >"$dir/gateways/public.conf"
  gateway seller "${EDGE_SELLER_PORT:-8444}" "${EDGE_SELLER_UPSTREAMS:-127.0.0.1:5200}" "${EDGE_SELLER_BODY_LIMIT:-32m}" \
    "${EDGE_SELLER_RATE:-20r/s}" "${EDGE_SELLER_BURST:-40}" >"$dir/gateways/seller.conf"
  gateway logistics "${EDGE_LOGISTICS_PORT:-8445}" "${EDGE_LOGISTICS_UPSTREAMS:-127.0.0.1:5300}" "${EDGE_LOGISTICS_BODY_LIMIT:-1m}" \
    "${EDGE_LOGISTICS_RATE:-20r/s}" "${EDGE_LOGISTICS_BURST:-40}" >"$dir/gateways/logistics.conf"
}

running() { [ -f "$1/nginx.pid" ] && kill -0 "$(cat "$1/nginx.pid")" 2>/dev/null; }

start() {
  local dir="$1"
  install
  render "$dir"
  "$NGINX" -t -q -p "$dir" -c "$dir/nginx.conf" 2>"$dir/logs/check.log" || die "nginx refused the configuration; see $dir/logs/check.log"
  if running "$dir"; then
    kill -HUP "$(cat "$dir/nginx.pid")"
    log "nginx reloaded (pid $(cat "$dir/nginx.pid"))"
  else
    "$NGINX" -p "$dir" -c "$dir/nginx.conf" || die "nginx did not start; see $dir/logs/error.log"
    log "nginx started (pid $(cat "$dir/nginx.pid"), logs $dir/logs)"
  fi
}

stop() {
  local dir="$1"
  running "$dir" || return 0
  "$NGINX" -p "$dir" -c "$dir/nginx.conf" -s quit 2>/dev/null || kill -TERM "$(cat "$dir/nginx.pid")"
  for _ in $(seq 1 50); do running "$dir" || break; sleep 0.2; done
  log "nginx stopped"
}

case "${1:-}" in
  install) install ;;
  render) render "${2:?usage: $0 render DIR}" ;;
  start) start "${2:?usage: $0 start DIR}" ;;
  stop) stop "${2:?usage: $0 stop DIR}" ;;
  *) echo "usage: $0 install|render DIR|start DIR|stop DIR" >&2; exit 2 ;;
esac
