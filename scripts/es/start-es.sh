#!/usr/bin/env bash
# Start a real single-node Elasticsearch 8 (embedded in one JVM, see test/search/es-runner/README.md)
# in the background, wait until it answers over HTTP, and write its PID file.
#
# usage: scripts/es/start-es.sh [--port N] [--dir DIR] [--pid-file FILE] [--heap SIZE] [--timeout SECS]
#                               [-E key=value ...]
#   --port N        HTTP port on 127.0.0.1 (env ES_PORT, default 9200). 0 = let the OS pick a free port;
#                   the port actually bound is printed (ES_PORT=...) and written to the .env file.
#   --dir DIR       node home: config/, data/, logs/, es.log (env ES_DIR; default: a new mktemp dir,
#                   removed again by stop-es.sh)
#   --pid-file F    (env ES_PID_FILE, default .es-cache/es.pid). A sourceable F%.pid + .env file is
#                   written next to it: ES_PID, ES_PORT, ES_URL, ES_DIR, ES_DIR_IS_TEMP.
#   --heap SIZE     JVM heap, -Xms = -Xmx (env ES_HEAP, default 512m)
#   --timeout SECS  how long to wait for HTTP (env ES_START_TIMEOUT, default 120)
#   -E key=value    extra Elasticsearch node setting (repeatable), e.g. -E logger.level=warn
# Other env: ES_CACHE (default <repo>/.es-cache), ES_JAVA_OPTS (appended to the JVM flags),
#            JAVA_HOME (else `java` on PATH; Java 17+), MVN (default mvn).
#
# The first run resolves Elasticsearch from Maven Central into $ES_CACHE/m2 and builds the runner
# into $ES_CACHE/runner; later runs skip Maven entirely unless the runner's pom.xml/sources changed.
# On success the last line on stdout is `ES_URL=http://127.0.0.1:PORT`.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUNNER_SRC="$ROOT/test/search/es-runner"
CACHE="${ES_CACHE:-$ROOT/.es-cache}"
PORT="${ES_PORT:-9200}"
DIR="${ES_DIR:-}"
PID_FILE="${ES_PID_FILE:-$CACHE/es.pid}"
HEAP="${ES_HEAP:-512m}"
TIMEOUT="${ES_START_TIMEOUT:-120}"
MVN="${MVN:-mvn}"
EXTRA=()

die() { echo "start-es: $*" >&2; exit 1; }
now_ms() { date +%s%3N; }
secs_since() { local d=$(( $(now_ms) - $1 )); printf '%d.%01d' $((d / 1000)) $(( (d % 1000) / 100 )); }

while [ $# -gt 0 ]; do
  case "$1" in
    --port) PORT="${2:?--port needs a value}"; shift 2 ;;
    --dir) DIR="${2:?--dir needs a value}"; shift 2 ;;
    --pid-file) PID_FILE="${2:?--pid-file needs a value}"; shift 2 ;;
    --heap) HEAP="${2:?--heap needs a value}"; shift 2 ;;
    --timeout) TIMEOUT="${2:?--timeout needs a value}"; shift 2 ;;
    -E) EXTRA+=(-E "${2:?-E needs key=value}"); shift 2 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    *) die "unknown argument: $1 (see --help)" ;;
  esac
done
[[ "$PORT" =~ ^[0-9]+$ ]] || die "--port must be a number, got '$PORT'"
command -v curl >/dev/null || die "curl is required"

JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
command -v "$JAVA" >/dev/null || die "java not found (set JAVA_HOME or put Java 17+ on PATH)"
JAVA_MAJOR="$("$JAVA" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p')"
[ "${JAVA_MAJOR:-0}" -ge 17 ] 2>/dev/null || die "Java 17+ required, found '${JAVA_MAJOR:-?}' at $JAVA"

mkdir -p "$CACHE" "$(dirname "$PID_FILE")"
PID_FILE="$(cd "$(dirname "$PID_FILE")" && pwd)/$(basename "$PID_FILE")"
ENV_FILE="${PID_FILE%.pid}.env"

# ---------------------------------------------------------------- refuse a second node on the same PID file
if [ -f "$PID_FILE" ]; then
  old="$(cat "$PID_FILE" 2>/dev/null || true)"
  if [ -n "$old" ] && kill -0 "$old" 2>/dev/null; then
    die "already running with pid $old ($PID_FILE); run scripts/es/stop-es.sh first"
  fi
  rm -f "$PID_FILE" "$ENV_FILE"
fi
if [ "$PORT" != 0 ] && curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$PORT/"; then
  die "something already answers on http://127.0.0.1:$PORT/"
fi

# ---------------------------------------------------------------- build once (cached, locked)
BUILD="$CACHE/runner"
STAMP_NOW="$( (cd "$RUNNER_SRC" && find pom.xml src -type f -print0 | LC_ALL=C sort -z | xargs -0 sha256sum) | sha256sum | cut -c1-16)"
build_ok() {
  [ -f "$BUILD/stamp" ] && [ "$(cat "$BUILD/stamp")" = "$STAMP_NOW" ] && [ -f "$BUILD/java.args" ] \
    && [ -f "$BUILD/target/es-runner.jar" ]
}
if ! build_ok; then
  command -v flock >/dev/null && exec 9>"$CACHE/build.lock" && flock 9
  if ! build_ok; then
    command -v "$MVN" >/dev/null || die "$MVN not found: Maven 3.8+ is needed for the first build"
    echo "start-es: building the runner and resolving Elasticsearch into $CACHE/m2 (first run downloads ~50 MB) ..." >&2
    tb=$(now_ms)
    mkdir -p "$BUILD"
    if ! "$MVN" -B -q -f "$RUNNER_SRC/pom.xml" \
        -Dmaven.repo.local="$CACHE/m2" \
        -Des.runner.build.dir="$BUILD/target" \
        -Dmdep.outputFile="$BUILD/classpath.txt" \
        package dependency:build-classpath >"$BUILD/build.log" 2>&1; then
      tail -n 40 "$BUILD/build.log" >&2
      die "maven build failed (full log: $BUILD/build.log)"
    fi
    cp "$BUILD/target/es-runner-"*.jar "$BUILD/target/es-runner.jar"
    # a java @argfile keeps the ~50-jar class path off the command line (and out of `ps`)
    printf -- '-cp\n"%s:%s"\n' "$BUILD/target/es-runner.jar" "$(cat "$BUILD/classpath.txt")" >"$BUILD/java.args"
    echo "$STAMP_NOW" >"$BUILD/stamp"
    echo "start-es: build done in $(secs_since "$tb")s" >&2
  fi
  exec 9>&-
fi

# ---------------------------------------------------------------- start
DIR_IS_TEMP=0
if [ -z "$DIR" ]; then
  DIR="$(mktemp -d "${TMPDIR:-/tmp}/es-runner.XXXXXX")"
  DIR_IS_TEMP=1
fi
mkdir -p "$DIR/tmp"
DIR="$(cd "$DIR" && pwd)"
LOG="$DIR/es.log"
: >"$LOG"

# flags mirror the stock distribution's system JVM options where they matter for an embedded node
# shellcheck disable=SC2086
nohup "$JAVA" \
  -Xms"$HEAP" -Xmx"$HEAP" -Xss1m \
  -XX:+UseG1GC -XX:+ExitOnOutOfMemoryError -XX:-OmitStackTraceInFastThrow \
  -Djava.awt.headless=true -Dfile.encoding=UTF-8 -Djava.io.tmpdir="$DIR/tmp" \
  -Des.networkaddress.cache.ttl=60 -Des.networkaddress.cache.negative.ttl=10 \
  -Dio.netty.noUnsafe=true -Dio.netty.noKeySetOptimization=true -Dio.netty.recycler.maxCapacityPerThread=0 \
  -Dlog4j.shutdownHookEnabled=false -Dlog4j2.disable.jmx=true -Dlog4j2.formatMsgNoLookups=true \
  ${ES_JAVA_OPTS:-} \
  @"$BUILD/java.args" hotel.search.esrunner.EsRunner \
  --base-dir "$DIR" --http-port "$PORT" ${EXTRA[@]+"${EXTRA[@]}"} \
  </dev/null >"$LOG" 2>&1 &
PID=$!
echo "$PID" >"$PID_FILE"
{
  echo "ES_PID=$PID"
  echo "ES_DIR='$DIR'"
  echo "ES_DIR_IS_TEMP=$DIR_IS_TEMP"
} >"$ENV_FILE"

# ---------------------------------------------------------------- wait for "ready" + HTTP
t0=$(now_ms)
URL=""
while :; do
  if ! kill -0 "$PID" 2>/dev/null; then
    echo "start-es: Elasticsearch exited during startup: $(grep -m1 '^ES_RUNNER FAILED' "$LOG" || echo 'no ES_RUNNER FAILED line')" >&2
    echo "start-es: last lines of $LOG (kept):" >&2
    tail -n 30 "$LOG" >&2
    rm -f "$PID_FILE" "$ENV_FILE"
    exit 1
  fi
  if [ -z "$URL" ]; then
    URL="$(sed -n 's/^ES_RUNNER READY url=\([^ ]*\)\/ .*/\1/p' "$LOG" 2>/dev/null | head -n 1 || true)"
  fi
  if [ -n "$URL" ] && curl -sf -o /dev/null --max-time 5 "$URL/"; then
    break
  fi
  if [ $(( $(now_ms) - t0 )) -ge $((TIMEOUT * 1000)) ]; then
    echo "start-es: TIMEOUT: Elasticsearch did not answer on http://127.0.0.1:$PORT/ within ${TIMEOUT}s; last lines of $LOG (kept):" >&2
    tail -n 30 "$LOG" >&2
    kill -TERM "$PID" 2>/dev/null || true
    for _ in $(seq 1 20); do kill -0 "$PID" 2>/dev/null || break; sleep 0.5; done
    kill -KILL "$PID" 2>/dev/null || true
    rm -f "$PID_FILE" "$ENV_FILE"
    exit 1
  fi
  sleep 0.3
done

BOUND_PORT="${URL##*:}"
{
  echo "ES_PORT=$BOUND_PORT"
  echo "ES_URL=$URL"
} >>"$ENV_FILE"
VERSION="$(sed -n 's/^ES_RUNNER READY .* version=\([^ ]*\) .*/\1/p' "$LOG" | head -n 1 || true)"
echo "start-es: Elasticsearch $VERSION ready at $URL (pid $PID, JVM start to HTTP ready: $(secs_since "$t0")s, home $DIR, log $LOG)" >&2
echo "ES_PORT=$BOUND_PORT"
echo "ES_URL=$URL"
