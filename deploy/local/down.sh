#!/usr/bin/env bash
# Stops only what deploy/local/up.sh started: its hosts (by their PID files), then the stack.
set -euo pipefail
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
PIDS="$REPO_ROOT/.local/run/pids"
# shellcheck source=deploy/local/processes.sh
. "$REPO_ROOT/deploy/local/processes.sh"
"$REPO_ROOT/deploy/nginx/edge.sh" stop "$REPO_ROOT/.local/run/nginx"
for pidfile in "$PIDS"/*.pid; do
  stop_pidfile "$pidfile"
done
"$REPO_ROOT/deploy/local/events.sh" stop
"$REPO_ROOT/deploy/local/stack.sh" stop
