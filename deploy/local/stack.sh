#!/usr/bin/env bash
# Starts (or stops) the real servers the marketplace runs on, all on loopback, all data under one folder.
#   deploy/local/stack.sh install   install what is missing (Debian packages, npm tools)
#   deploy/local/stack.sh start     start PostgreSQL, Redis and the S3 server (deploy/local/s3.sh); prints their addresses; safe to run twice
#   deploy/local/stack.sh stop      stop only what this script started
#   deploy/local/stack.sh env       print the environment variables that point the app and the tests at the stack
# Settings (environment): STACK_DIR (default <repo>/.local/stack), PG_PORT (55432), REDIS_PORT (56379), S3_PORT (54568).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STACK_DIR="${STACK_DIR:-$REPO_ROOT/.local/stack}"
PG_PORT="${PG_PORT:-55432}"
REDIS_PORT="${REDIS_PORT:-56379}"
PG_BIN="${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}"
LOG_DIR="$STACK_DIR/logs"

log() { echo "[stack] $*" >&2; }
die() { echo "[stack] ERROR: $*" >&2; exit 1; }

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

install() {
  local missing=()
  [ -x "${PG_BIN:-/nonexistent}/postgres" ] || missing+=(postgresql postgresql-contrib)
  # pg_stat_statements (postgresql-contrib): what each statement costs, read by the bench (bench/README.md).
  [ -f "${PG_BIN:-/nonexistent}/../lib/pg_stat_statements.so" ] || missing+=(postgresql-contrib)
  command -v redis-server >/dev/null || missing+=(redis-server)
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]}"
    [ "$(id -u)" = 0 ] || die "installing ${missing[*]} needs root (apt-get)"
    apt-get update -qq || die "apt-get update failed"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null || die "apt-get install ${missing[*]} failed"
    PG_BIN="$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)"
  fi
  [ -x "$PG_BIN/postgres" ] || die "PostgreSQL binaries not found after install"
  [ -f "$PG_BIN/../lib/pg_stat_statements.so" ] || die "pg_stat_statements not found in ${PG_BIN%/bin}/lib after install (postgresql-contrib)"
  command -v redis-server >/dev/null || die "redis-server not found after install"
}

# PostgreSQL runs as the postgres user, which may not reach a checkout under a private folder (a CI clone
# in a 0700 temp dir, say): then its data goes to a folder of its own under /var/tmp, named after STACK_DIR.
pg_data_dir() {
  mkdir -p "$STACK_DIR/postgres-data-probe" && chmod 0777 "$STACK_DIR/postgres-data-probe"
  if [ "$(id -u)" != 0 ] || runuser -u postgres -- test -w "$STACK_DIR/postgres-data-probe"; then
    echo "$STACK_DIR/postgres"
  else
    echo "/var/tmp/marketplace-pg-$(echo "$STACK_DIR" | cksum | cut -d' ' -f1)"
  fi
  rmdir "$STACK_DIR/postgres-data-probe"
}

start_postgres() {
  local data
  data="$(pg_data_dir)"
  echo "$data" >"$STACK_DIR/postgres.path"
  mkdir -p "$LOG_DIR"
  if [ "$(id -u)" = 0 ]; then mkdir -p "$data" && chown postgres:postgres "$data"; fi
  if [ ! -f "$data/PG_VERSION" ]; then
    log "initialising PostgreSQL in $data"
    as_postgres mkdir -p "$data"
    as_postgres "$PG_BIN/initdb" -D "$data" -U postgres --auth=trust -E UTF8 >/dev/null
    cat >>"$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
max_connections = 300
fsync = on
CONF
  fi
  # Every statement's calls and time (pg_stat_statements), also for a data folder initialised before it was added;
  # loaded at server start only.
  grep -q "^shared_preload_libraries = 'pg_stat_statements'" "$data/postgresql.conf" \
    || echo "shared_preload_libraries = 'pg_stat_statements'" | as_postgres tee -a "$data/postgresql.conf" >/dev/null
  if as_postgres "$PG_BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" \
      || die "PostgreSQL of $data already runs, but not on port $PG_PORT; stop it first ($0 stop)"
    log "PostgreSQL already running on 127.0.0.1:$PG_PORT"
  else
    # Port and socket folder are given at each start, so a data folder follows PG_PORT when it changes.
    as_postgres "$PG_BIN/pg_ctl" -D "$data" -l "$data/postgres.log" -o "-p $PG_PORT -k $data" -w -t 60 start >/dev/null \
      || die "PostgreSQL did not start; see $data/postgres.log"
    log "PostgreSQL started on 127.0.0.1:$PG_PORT (data and log: $data)"
  fi
  pg_stat_statements
}

# The view lives in the postgres database (its counters cover every database). A server started before this setting
# was added runs without it until restarted: said loudly, since the bench's statement figures would be missing.
pg_stat_statements() {
  local psql=("$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres -qAtX)
  if ! "${psql[@]}" -c 'SHOW shared_preload_libraries' | grep -q pg_stat_statements; then
    log "WARNING: PostgreSQL on $PG_PORT runs without pg_stat_statements; restart it ($0 stop; $0 start) to load it"
    return
  fi
  "${psql[@]}" -c 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements' >/dev/null \
    || die "CREATE EXTENSION pg_stat_statements failed on 127.0.0.1:$PG_PORT"
}

start_redis() {
  mkdir -p "$STACK_DIR/redis" "$LOG_DIR"
  if redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    log "Redis already running on 127.0.0.1:$REDIS_PORT"
    return
  fi
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --dir "$STACK_DIR/redis" --appendonly yes \
    --daemonize yes --pidfile "$STACK_DIR/redis.pid" --logfile "$LOG_DIR/redis.log" \
    || die "Redis did not start; see $LOG_DIR/redis.log"
  for _ in $(seq 1 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
  redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 || die "Redis did not answer; see $LOG_DIR/redis.log"
  log "Redis started on 127.0.0.1:$REDIS_PORT (log: $LOG_DIR/redis.log)"
}

stop() {
  local data
  data="$(cat "$STACK_DIR/postgres.path" 2>/dev/null || true)"
  if [ -n "$data" ] && [ -f "$data/postmaster.pid" ]; then
    as_postgres "$PG_BIN/pg_ctl" -D "$data" -m fast -w stop >/dev/null && log "PostgreSQL stopped"
  fi
  if [ -f "$STACK_DIR/redis.pid" ]; then
    redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    rm -f "$STACK_DIR/redis.pid"
    log "Redis stopped"
  fi
}

s3() { STACK_DIR="$STACK_DIR" "$REPO_ROOT/deploy/local/s3.sh" "$@"; }

print_env() {
  s3 env
  cat <<ENV
export MARKETPLACE_POSTGRES="Host=127.0.0.1;Port=$PG_PORT;Username=postgres;Database=marketplace"
export MARKETPLACE_REDIS="127.0.0.1:$REDIS_PORT"
ENV
}

case "${1:-}" in
  install) install; s3 install ;;
  start) install; start_postgres; start_redis; s3 start >/dev/null; print_env ;;
  stop) stop; s3 stop ;;
  env) print_env ;;
  *) echo "usage: $0 install|start|stop|env" >&2; exit 2 ;;
esac
