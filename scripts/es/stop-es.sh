#!/usr/bin/env bash
# Stop the Elasticsearch node started by scripts/es/start-es.sh: SIGTERM (the node closes cleanly),
# then SIGKILL if it is still alive after the timeout. Removes the PID/.env files and, if start-es.sh
# created the node's home as a temp dir, that dir too (unless --keep-data).
#
# usage: scripts/es/stop-es.sh [--pid-file FILE] [--timeout SECS] [--keep-data]
#   --pid-file F   (env ES_PID_FILE, default .es-cache/es.pid): the same file given to start-es.sh
#   --timeout S    seconds to wait after SIGTERM before SIGKILL (env ES_STOP_TIMEOUT, default 30)
#   --keep-data    leave the node's home dir (data, logs) in place
# Exits 0 if the node is stopped or was not running.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
CACHE="${ES_CACHE:-$ROOT/.es-cache}"
PID_FILE="${ES_PID_FILE:-$CACHE/es.pid}"
TIMEOUT="${ES_STOP_TIMEOUT:-30}"
KEEP=0

while [ $# -gt 0 ]; do
  case "$1" in
    --pid-file) PID_FILE="${2:?--pid-file needs a value}"; shift 2 ;;
    --timeout) TIMEOUT="${2:?--timeout needs a value}"; shift 2 ;;
    --keep-data) KEEP=1; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) echo "stop-es: unknown argument: $1" >&2; exit 2 ;;
  esac
done
ENV_FILE="${PID_FILE%.pid}.env"

ES_DIR=""
ES_DIR_IS_TEMP=0
# shellcheck disable=SC1090
[ -f "$ENV_FILE" ] && . "$ENV_FILE"

# alive PID: exists and is not a zombie (an unreaped child would still pass `kill -0`)
alive() {
  kill -0 "$1" 2>/dev/null || return 1
  local state
  state="$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$1/status" 2>/dev/null || true)"
  [ "$state" != Z ]
}

cleanup_files() {
  rm -f "$PID_FILE" "$ENV_FILE"
  if [ "$KEEP" = 0 ] && [ "${ES_DIR_IS_TEMP:-0}" = 1 ] && [ -n "$ES_DIR" ] && [ -d "$ES_DIR" ]; then
    rm -rf "$ES_DIR"
  fi
}

if [ ! -f "$PID_FILE" ]; then
  echo "stop-es: no PID file at $PID_FILE: nothing to stop" >&2
  exit 0
fi
PID="$(cat "$PID_FILE")"
if [ -z "$PID" ] || ! alive "$PID"; then
  echo "stop-es: pid ${PID:-?} is not running; cleaning up" >&2
  cleanup_files
  exit 0
fi
# never signal a recycled PID that is not our node
if ! tr '\0' ' ' <"/proc/$PID/cmdline" 2>/dev/null | grep -q 'hotel.search.esrunner.EsRunner'; then
  echo "stop-es: pid $PID is not an es-runner JVM (stale PID file?); not signalling it" >&2
  rm -f "$PID_FILE" "$ENV_FILE"
  exit 1
fi

now_ms() { date +%s%3N; }
t0=$(now_ms)
kill -TERM "$PID" 2>/dev/null || true
while alive "$PID"; do
  if [ $(( $(now_ms) - t0 )) -ge $((TIMEOUT * 1000)) ]; then
    echo "stop-es: pid $PID still alive ${TIMEOUT}s after SIGTERM; sending SIGKILL" >&2
    kill -KILL "$PID" 2>/dev/null || true
    for _ in $(seq 1 50); do alive "$PID" || break; sleep 0.1; done
    break
  fi
  sleep 0.2
done
if alive "$PID"; then
  echo "stop-es: could not stop pid $PID" >&2
  exit 1
fi
echo "stop-es: Elasticsearch (pid $PID) stopped in $(( $(now_ms) - t0 ))ms" >&2
cleanup_files
