#!/usr/bin/env bash
# Stops only what deploy/local/up.sh started: its hosts (by their PID files), then the stack.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PIDS="$REPO_ROOT/.local/run/pids"
for pidfile in "$PIDS"/*.pid; do
  [ -e "$pidfile" ] || continue
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" && echo "[down] stopping $(basename "$pidfile" .pid) (pid $pid)"
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  fi
  rm -f "$pidfile"
done
"$REPO_ROOT/deploy/local/events.sh" stop
"$REPO_ROOT/deploy/local/stack.sh" stop
