#!/usr/bin/env bash
# Smoke test against a running node (started by scripts/es/start-es.sh): version check, then an index
# with geo_point + keyword + text(english) + nested, two docs, a geo_distance + terms + nested + match
# query that must return exactly doc "1", then the index is deleted.
#
# usage: scripts/es/smoke-es.sh [URL]
#   URL defaults to $ES_URL, else ES_URL from the .env file start-es.sh wrote next to $ES_PID_FILE
#   (default .es-cache/es.env), else http://127.0.0.1:${ES_PORT:-9200}
# Prints "smoke-es: 1 passed, 0 failed" on success; exits non-zero on the first failed check.
set -euo pipefail

ENV_FILE="${ES_PID_FILE:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)/.es-cache/es.pid}"
ENV_FILE="${ENV_FILE%.pid}.env"
if [ -z "${1:-}" ] && [ -z "${ES_URL:-}" ] && [ -f "$ENV_FILE" ]; then
  # shellcheck disable=SC1090
  ES_URL="$(. "$ENV_FILE" && echo "${ES_URL:-}")"
fi
URL="${1:-${ES_URL:-http://127.0.0.1:${ES_PORT:-9200}}}"
URL="${URL%/}"
INDEX="es-runner-smoke-$$"
J='Content-Type: application/json'

fail() { echo "smoke-es: FAIL: $*" >&2; curl -s -X DELETE "$URL/$INDEX" >/dev/null 2>&1 || true; echo "smoke-es: 0 passed, 1 failed"; exit 1; }
expect() { # expect NAME HAYSTACK NEEDLE
  case "$2" in *"$3"*) echo "smoke-es: ok   $1" ;; *) fail "$1: expected to contain [$3], got: $2" ;; esac
}

root="$(curl -sS "$URL/")" || fail "GET / failed"
expect "GET / is Elasticsearch 8.x" "$root" '"number":"8.'
expect "GET / tagline" "$root" 'You Know, for Search'
hdr="$(curl -sS -D - -o /dev/null "$URL/")"
expect "X-elastic-product header" "$hdr" 'X-elastic-product: Elasticsearch'

r="$(curl -sS -X PUT "$URL/$INDEX" -H "$J" -d '{
  "settings": { "number_of_shards": 1, "number_of_replicas": 0 },
  "mappings": { "properties": {
    "location":    { "type": "geo_point" },
    "chain":       { "type": "keyword" },
    "description": { "type": "text", "analyzer": "english" },
    "rooms": { "type": "nested", "properties": {
      "type":          { "type": "keyword" },
      "max_occupancy": { "type": "integer" } } } } } }')"
expect "create index" "$r" '"acknowledged":true'

r="$(curl -sS -X POST "$URL/$INDEX/_bulk?refresh=true" -H 'Content-Type: application/x-ndjson' --data-binary $'{"index":{"_id":"1"}}\n{"location":{"lat":48.8566,"lon":2.3522},"chain":"acme","description":"Charming rooms overlooking the river","rooms":[{"type":"double","max_occupancy":2},{"type":"suite","max_occupancy":4}]}\n{"index":{"_id":"2"}}\n{"location":{"lat":51.5074,"lon":-0.1278},"chain":"acme","description":"Modern rooms near the station","rooms":[{"type":"suite","max_occupancy":4}]}\n')"
expect "bulk index 2 docs" "$r" '"errors":false'

r="$(curl -sS "$URL/$INDEX/_analyze" -H "$J" -d '{"analyzer":"english","text":"Charming rooms"}')"
expect "english analyzer stems" "$r" '"token":"room"'

# doc 2 also matches terms + nested + match, but is ~340 km away: only geo_distance excludes it
r="$(curl -sS "$URL/$INDEX/_search?filter_path=hits.total.value,hits.hits._id" -H "$J" -d '{
  "query": { "bool": {
    "must":   [ { "match": { "description": "room" } } ],
    "filter": [
      { "geo_distance": { "distance": "50km", "location": { "lat": 48.86, "lon": 2.35 } } },
      { "terms": { "chain": [ "acme", "other" ] } },
      { "nested": { "path": "rooms", "query": { "bool": { "filter": [
          { "term":  { "rooms.type": "suite" } },
          { "range": { "rooms.max_occupancy": { "gte": 3 } } } ] } } } } ] } } }')"
expect "geo_distance+terms+nested query hits exactly doc 1" "$r" '{"hits":{"total":{"value":1},"hits":[{"_id":"1"}]}}'

r="$(curl -sS -X DELETE "$URL/$INDEX")"
expect "delete index" "$r" '"acknowledged":true'
code="$(curl -s -o /dev/null -w '%{http_code}' "$URL/$INDEX")"
[ "$code" = 404 ] || fail "index still there after delete (HTTP $code)"
echo "smoke-es: ok   index gone"
echo "smoke-es: 1 passed, 0 failed"
