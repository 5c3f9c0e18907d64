#!/usr/bin/env bash
# The whole test suite, on the real servers it needs, which this script installs (if missing) and starts
# itself on private ports and stops again at the end. Usage: tests/run.sh [extra dotnet test arguments]
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$REPO_ROOT"
RESULTS="$REPO_ROOT/.local/test-results"

die() { echo "[tests] ERROR: $*" >&2; exit 1; }
command -v dotnet >/dev/null || die "the .NET SDK (dotnet) is not on PATH"
# promtool checks deploy/prometheus and the dashboard test runs a real Prometheus: Debian's package brings both.
if ! command -v promtool >/dev/null || ! command -v prometheus >/dev/null; then
  echo "[tests] installing Debian's prometheus package (promtool and prometheus)" >&2
  { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null 2>&1 \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends prometheus >/dev/null; }; } \
    || die "apt-get install prometheus failed; the Prometheus rule and dashboard tests need promtool and prometheus"
fi
# The cluster-across-hosts tests put silos in network namespaces of their own (ip netns, veth, a bridge): iproute2,
# as root (CI is); otherwise they skip, saying why.
if ! command -v ip >/dev/null && [ "$(id -u)" = 0 ]; then
  echo "[tests] installing Debian's iproute2 (ip netns for the cluster-across-hosts tests)" >&2
  { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends iproute2 >/dev/null 2>&1 \
      || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends iproute2 >/dev/null; }; } \
    || die "apt-get install iproute2 failed; the cluster-across-hosts tests need ip netns"
fi
# The edge tests run the nginx that deploy/nginx configures.
deploy/nginx/edge.sh install || die "installing nginx failed; the edge tests need Debian's nginx"

# A stack of its own, apart from a demo that deploy/local/up.sh may be running.
export STACK_DIR="$REPO_ROOT/.local/test-stack" PG_PORT="${TEST_PG_PORT:-55442}" REDIS_PORT="${TEST_REDIS_PORT:-56389}" S3_PORT="${TEST_S3_PORT:-54578}"
export CLICKHOUSE_HTTP_PORT="${TEST_CLICKHOUSE_HTTP_PORT:-58133}" CLICKHOUSE_TCP_PORT="${TEST_CLICKHOUSE_TCP_PORT:-59010}"
MARKETPLACE_TEST_RUN_ID="$$-$RANDOM"
stop_stack() {
  for proc in /proc/[0-9]*; do
    [ "${proc#/proc/}" = "$$" ] && continue
    grep -qz "^MARKETPLACE_TEST_RUN_ID=$MARKETPLACE_TEST_RUN_ID\$" "$proc/environ" 2>/dev/null && kill -9 "${proc#/proc/}" 2>/dev/null
  done
  KAFKA=0 deploy/local/events.sh stop || true
  deploy/local/stack.sh stop || true
}
trap stop_stack EXIT
eval "$(deploy/local/stack.sh start)"
# ClickHouse for the analytics tests. The Kafka broker is the tests' own (librdkafka's mock cluster, tools/KafkaMockBroker):
# every durable deployment streams through it on a topic of its own; in-process grain tests keep memory streams.
eval "$(KAFKA=0 deploy/local/events.sh start | grep '^export MARKETPLACE_CLICKHOUSE=')"
# Every process the tests start inherits the run's id (the servers above do not), so hosts a test failed to stop
# are ended with the run, and nothing else (a demo from up.sh, say) is touched.
export MARKETPLACE_TEST_RUN_ID

dotnet build Marketplace.sln -c Release -nologo -v q || die "the build failed"

# The fast tier first: the aggregates' pure cores, no servers (seconds).
dotnet test tests/Marketplace.Core.Tests/Marketplace.Core.Tests.csproj -c Release --no-build -nologo -v q || die "the core tests failed"

rm -rf "$RESULTS"
set +e
dotnet test tests/Marketplace.Tests/Marketplace.Tests.csproj -c Release --no-build -nologo \
  --logger "console;verbosity=normal" --logger "trx;LogFileName=results.trx" --results-directory "$RESULTS" "$@"
status=$?
set -e

trx="$RESULTS/results.trx"
[ -f "$trx" ] || die "dotnet test wrote no results (exit $status)"
counters="$(grep -o '<Counters [^>]*>' "$trx")"
count() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
passed="$(count passed)"; failed="$(count failed)"; total="$(count total)"; executed="$(count executed)"
skipped=$((total - executed))
[ "$total" -gt 0 ] || die "no test ran"
# The failures again, last, so that a log cut to its tail still names each and says why.
if [ "$failed" -gt 0 ]; then
  awk '
/<UnitTestResult / { failed = /outcome="Failed"/; shown = 0
  if (failed) { match($0, /testName="[^"]*"/); print "FAILED " substr($0, RSTART + 10, RLENGTH - 11) } }
failed && /<Message>/ { inmsg = 1 }
failed && inmsg && shown < 12 { line = $0; sub(/.*<Message>/, "", line); sub(/<\/Message>.*/, "", line); print "  " line; shown++ }
/<\/Message>/ { inmsg = 0 }
' "$trx"
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
