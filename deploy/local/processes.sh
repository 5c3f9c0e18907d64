# Sourced by up.sh and down.sh: stopping a host they started, by its PID file.
# stop_pidfile FILE: SIGTERM (a graceful shutdown: a silo leaves the cluster), SIGKILL after 10 s; removes FILE.
stop_pidfile() {
  local pidfile="$1" pid
  [ -e "$pidfile" ] || return 0
  pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" && echo "[stop] stopping $(basename "$pidfile" .pid) (pid $pid)" >&2
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -0 "$pid" 2>/dev/null && kill -KILL "$pid"
  fi
  rm -f "$pidfile"
}
