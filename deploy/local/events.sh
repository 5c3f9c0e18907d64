#!/usr/bin/env bash
# Starts (or stops) the event backbone's servers on loopback, next to deploy/local/stack.sh's PostgreSQL and Redis:
#   the Kafka broker - librdkafka's mock cluster hosted by tools/KafkaMockBroker (no Apache Kafka/Redpanda here) -
#   and ClickHouse (Debian's clickhouse-server) for analytics.
#   deploy/local/events.sh install   install clickhouse-server (Debian) if missing
#   deploy/local/events.sh start     start what the flags select (default: both); prints their addresses
#   deploy/local/events.sh stop      stop what this script started
#   deploy/local/events.sh env       print the environment that points the silo and the tests at them
# Settings (environment): STACK_DIR (default <repo>/.local/stack), KAFKA=1|0, CLICKHOUSE=1|0,
#   CLICKHOUSE_HTTP_PORT (58123), CLICKHOUSE_TCP_PORT (59000), CLICKHOUSE_INTERSERVER_PORT (TCP + 1), KAFKA_PARTITIONS (8).
# The mock broker keeps its data in memory: restarting it loses every topic. Point the silo at a real Kafka
# cluster for anything that must survive (deploy/kafka/).
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
STACK_DIR="${STACK_DIR:-$REPO_ROOT/.local/stack}"
KAFKA="${KAFKA:-1}"
CLICKHOUSE="${CLICKHOUSE:-1}"
CLICKHOUSE_HTTP_PORT="${CLICKHOUSE_HTTP_PORT:-58123}"
CLICKHOUSE_TCP_PORT="${CLICKHOUSE_TCP_PORT:-59000}"
# The port after the TCP one: test stacks get five consecutive ports each, and TCP + 9 was the next stack's HTTP port.
CLICKHOUSE_INTERSERVER_PORT="${CLICKHOUSE_INTERSERVER_PORT:-$((CLICKHOUSE_TCP_PORT + 1))}"
KAFKA_PARTITIONS="${KAFKA_PARTITIONS:-8}"
LOG_DIR="$STACK_DIR/logs"
KAFKA_ADDRESS_FILE="$STACK_DIR/kafka/bootstrap"
BROKER_DLL="$REPO_ROOT/tools/KafkaMockBroker/bin/${CONFIGURATION:-Debug}/net10.0/Marketplace.KafkaMockBroker.dll"

log() { echo "[events] $*" >&2; }
die() { echo "[events] ERROR: $*" >&2; exit 1; }

install() {
  if [ "$CLICKHOUSE" = 1 ] && ! command -v clickhouse-server >/dev/null; then
    [ "$(id -u)" = 0 ] || die "installing clickhouse-server needs root (apt-get)"
    apt-get update -qq || die "apt-get update failed"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clickhouse-server clickhouse-client >/dev/null \
      || die "apt-get install clickhouse-server failed"
  fi
}

start_kafka() {
  mkdir -p "$STACK_DIR/kafka" "$LOG_DIR"
  if [ -f "$STACK_DIR/kafka.pid" ] && kill -0 "$(cat "$STACK_DIR/kafka.pid")" 2>/dev/null; then
    log "Kafka mock broker already running on $(cat "$KAFKA_ADDRESS_FILE")"
    return
  fi
  [ -f "$BROKER_DLL" ] || dotnet build "$REPO_ROOT/tools/KafkaMockBroker" -v q -nologo >/dev/null || die "could not build tools/KafkaMockBroker"
  rm -f "$KAFKA_ADDRESS_FILE"
  local topics=(--topic "marketplace.streams:$KAFKA_PARTITIONS")
  for domain in orders payments shipments products sellers reviews returns payouts promotions; do topics+=(--topic "marketplace.$domain.v1:3"); done
  nohup dotnet "$BROKER_DLL" --brokers 1 --address-file "$KAFKA_ADDRESS_FILE" "${topics[@]}" \
    >"$LOG_DIR/kafka.log" 2>&1 </dev/null &
  echo $! >"$STACK_DIR/kafka.pid"
  for _ in $(seq 1 100); do [ -s "$KAFKA_ADDRESS_FILE" ] && break; sleep 0.1; done
  [ -s "$KAFKA_ADDRESS_FILE" ] || die "the Kafka mock broker did not start; see $LOG_DIR/kafka.log"
  log "Kafka mock broker started on $(cat "$KAFKA_ADDRESS_FILE") (log: $LOG_DIR/kafka.log)"
}

start_clickhouse() {
  local dir="$STACK_DIR/clickhouse"
  mkdir -p "$dir/data" "$dir/tmp" "$dir/user_files" "$dir/format_schemas" "$LOG_DIR"
  if curl -sf "http://127.0.0.1:$CLICKHOUSE_HTTP_PORT/ping" >/dev/null 2>&1; then
    log "ClickHouse already running on 127.0.0.1:$CLICKHOUSE_HTTP_PORT"
    return
  fi
  command -v clickhouse-server >/dev/null || die "clickhouse-server is not installed; run: $0 install"
  # The packaged config with this stack's paths and loopback ports; nothing under /var or /etc is touched.
  nohup clickhouse-server --config-file=/etc/clickhouse-server/config.xml -- \
    --path="$dir/data/" --tmp_path="$dir/tmp/" --user_files_path="$dir/user_files/" \
    --format_schema_path="$dir/format_schemas/" --listen_host=127.0.0.1 \
    --http_port="$CLICKHOUSE_HTTP_PORT" --tcp_port="$CLICKHOUSE_TCP_PORT" --interserver_http_port="$CLICKHOUSE_INTERSERVER_PORT" \
    --logger.log="$LOG_DIR/clickhouse.log" --logger.errorlog="$LOG_DIR/clickhouse.err.log" \
    >"$LOG_DIR/clickhouse.out" 2>&1 </dev/null &
  echo $! >"$STACK_DIR/clickhouse.pid"
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$CLICKHOUSE_HTTP_PORT/ping" >/dev/null 2>&1 && break; sleep 0.2; done
  curl -sf "http://127.0.0.1:$CLICKHOUSE_HTTP_PORT/ping" >/dev/null || die "ClickHouse did not answer; see $LOG_DIR/clickhouse.err.log"
  log "ClickHouse started on 127.0.0.1:$CLICKHOUSE_HTTP_PORT (log: $LOG_DIR/clickhouse.log)"
}

stop_pid() {
  local name="$1" file="$STACK_DIR/$1.pid"
  if [ -f "$file" ]; then
    kill "$(cat "$file")" 2>/dev/null || true
    rm -f "$file"
    log "$name stopped"
  fi
}

print_env() {
  if [ "$KAFKA" = 1 ] && [ -s "$KAFKA_ADDRESS_FILE" ]; then
    local kafka; kafka="$(cat "$KAFKA_ADDRESS_FILE")"
    cat <<ENV
export Streams__Provider=Kafka
export Streams__Kafka__BootstrapServers="$kafka"
export IntegratorTopics__BootstrapServers="$kafka"
ENV
  fi
  if [ "$CLICKHOUSE" = 1 ]; then
    cat <<ENV
export MARKETPLACE_CLICKHOUSE="http://127.0.0.1:$CLICKHOUSE_HTTP_PORT/"
export Analytics__ClickHouse__Url="http://127.0.0.1:$CLICKHOUSE_HTTP_PORT/"
ENV
  fi
}

case "${1:-}" in
  install) install ;;
  start)
    install
    [ "$KAFKA" = 1 ] && start_kafka
    [ "$CLICKHOUSE" = 1 ] && start_clickhouse
    print_env ;;
  stop) stop_pid kafka; stop_pid clickhouse ;;
  env) print_env ;;
  *) echo "usage: $0 install|start|stop|env" >&2; exit 2 ;;
esac
