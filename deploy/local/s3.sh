#!/usr/bin/env bash
# The S3-protocol server of the local stack: s3rver (from npm; no MinIO binary can be had here), on loopback,
# with path-style buckets and AWS signature v4 checks, its objects under STACK_DIR/s3.
#   deploy/local/s3.sh install   npm-install s3rver into .local/tools (Node.js from Debian if missing)
#   deploy/local/s3.sh start     start it; safe to run twice
#   deploy/local/s3.sh stop      stop what this script started
#   deploy/local/s3.sh env       print the variable that points the app and the tests at it
# Settings (environment): STACK_DIR (default <repo>/.local/stack), S3_PORT (54568), S3_ACCESS_KEY / S3_SECRET_KEY (the keys
# it accepts; unset, a pair is generated once into STACK_DIR/s3.keys, mode 0600). s3rver's built-in key is revoked.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STACK_DIR="${STACK_DIR:-$REPO_ROOT/.local/stack}"
S3_PORT="${S3_PORT:-54568}"
S3RVER_VERSION="3.7.1"
TOOLS="$REPO_ROOT/.local/tools/s3rver-$S3RVER_VERSION"
S3RVER="$TOOLS/node_modules/s3rver/bin/s3rver.js"
PID_FILE="$STACK_DIR/s3rver.pid"
KEYS_FILE="$STACK_DIR/s3.keys"
LOG_DIR="$STACK_DIR/logs"

log() { echo "[s3] $*" >&2; }
die() { echo "[s3] ERROR: $*" >&2; exit 1; }

install() {
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    [ "$(id -u)" = 0 ] || die "Node.js and npm are missing; installing them needs root (apt-get)"
    log "installing nodejs npm"
    apt-get update -qq || die "apt-get update failed"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null || die "apt-get install nodejs npm failed"
  fi
  if [ ! -f "$S3RVER" ]; then
    log "installing s3rver $S3RVER_VERSION into $TOOLS"
    mkdir -p "$TOOLS"
    npm install --prefix "$TOOLS" --no-audit --no-fund --loglevel=error "s3rver@$S3RVER_VERSION" >/dev/null || die "npm install s3rver failed"
  fi
}

# The keys s3rver runs with: the caller's (S3_ACCESS_KEY / S3_SECRET_KEY), else the pair generated for this stack once.
ensure_keys() {
  mkdir -p "$STACK_DIR"
  if [ -n "${S3_ACCESS_KEY:-}" ] && [ -n "${S3_SECRET_KEY:-}" ]; then
    if [ -f "$KEYS_FILE" ] && answers && ! grep -qx "S3_ACCESS_KEY=$S3_ACCESS_KEY" "$KEYS_FILE"; then
      die "s3rver on 127.0.0.1:$S3_PORT runs with other keys than S3_ACCESS_KEY; stop it first ($0 stop)"
    fi
    (umask 077 && printf 'S3_ACCESS_KEY=%s\nS3_SECRET_KEY=%s\n' "$S3_ACCESS_KEY" "$S3_SECRET_KEY" >"$KEYS_FILE")
  elif [ ! -f "$KEYS_FILE" ]; then
    command -v openssl >/dev/null || die "openssl is needed to generate the S3 keys (apt-get install openssl)"
    (umask 077 && printf 'S3_ACCESS_KEY=%s\nS3_SECRET_KEY=%s\n' "$(openssl rand -hex 10 | tr a-f A-F)" "$(openssl rand -hex 20)" >"$KEYS_FILE")
  fi
}

answers() { curl -s -o /dev/null "http://127.0.0.1:$S3_PORT/" 2>/dev/null; }

start() {
  mkdir -p "$STACK_DIR/s3" "$LOG_DIR"
  if answers; then
    log "S3 (s3rver) already running on 127.0.0.1:$S3_PORT"
    return
  fi
  ensure_keys
  # shellcheck disable=SC1090
  (set -a && . "$KEYS_FILE" && S3RVER_HOME="$TOOLS/node_modules/s3rver" exec nohup node -r "$REPO_ROOT/deploy/local/s3rver-keys.js" \
    "$S3RVER" --directory "$STACK_DIR/s3" --address 127.0.0.1 --port "$S3_PORT" --no-vhost-buckets --silent \
    >"$LOG_DIR/s3rver.log" 2>&1) &
  echo $! >"$PID_FILE"
  for _ in $(seq 1 100); do answers && break; sleep 0.1; done
  answers || die "s3rver did not answer; see $LOG_DIR/s3rver.log"
  log "S3 (s3rver) started on 127.0.0.1:$S3_PORT (log: $LOG_DIR/s3rver.log)"
}

stop() {
  if [ -f "$PID_FILE" ]; then
    kill "$(cat "$PID_FILE")" 2>/dev/null || true
    rm -f "$PID_FILE"
    log "S3 (s3rver) stopped"
  fi
}

print_env() {
  ensure_keys
  echo "export MARKETPLACE_S3=\"http://127.0.0.1:$S3_PORT\""
  sed -n 's/^S3_\(ACCESS_KEY\|SECRET_KEY\)=\(.*\)$/export MARKETPLACE_S3_\1="\2"/p' "$KEYS_FILE"
}

case "${1:-}" in
  install) install ;;
  start) install; start; print_env ;;
  stop) stop ;;
  env) print_env ;;
  *) echo "usage: $0 install|start|stop|env" >&2; exit 2 ;;
esac
