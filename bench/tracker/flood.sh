#!/usr/bin/env bash
# Issue 16, abuse limits: while one peer floods announces, the other peers' lookups are served
# at their normal latency. Starts a tracker (memory store, default limits except the
# per-address one: everything here calls from 127.0.0.1), seeds PEERS peers, then measures the
# single lookup of bench/tracker/lookup.lua twice with wrk: alone, and while flood.lua sends
# one peer's announces as fast as FLOOD_CONNECTIONS connections allow. Prints both latency
# distributions and what the flood got (its burst, then 429s).
#
# Usage (from the repository root, after ./mvnw -pl tracker-service -am package -DskipTests):
#   bench/tracker/flood.sh [memory|redis]     # redis: needs redis-server and redis-cli on PATH
#   TRACKER_ARGS=--tracker.limits.peer-rate=0 bench/tracker/flood.sh redis   # the same without
#       the per-peer limit: every flooding announce reaches the store (a Lua script in Redis),
#       which refuses it there after 20 per 10 s (tracker.announce.rate-limit)
# Knobs: PEERS (10000) DURATION (10s) CONNECTIONS (8, the lookups) FLOOD_CONNECTIONS (8) PORT
#        REDIS_PORT (6391) TRACKER_ARGS
set -euo pipefail
STORE=${1:-memory}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
JAR=$(ls "$ROOT"/tracker-service/target/tracker-service-*.jar | grep -v '\.original$' | head -1)
PORT=${PORT:-8096}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-8}
FLOOD_CONNECTIONS=${FLOOD_CONNECTIONS:-8}
REDIS_PORT=${REDIS_PORT:-6391}
OUT=${OUT:-${TMPDIR:-/tmp}/tracker-flood}
export BENCH_DIR=$HERE THREADS=1 PEERS=${PEERS:-10000} SEGMENTS=${SEGMENTS:-1000}
mkdir -p "$OUT"
URL=http://127.0.0.1:$PORT

pids=()
cleanup() {
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
	wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) vCPU, load $(cut -d' ' -f1 /proc/loadavg)," \
	"store $STORE, $PEERS peers, commit $(git -C "$ROOT" rev-parse --short HEAD), ${TRACKER_ARGS:-default limits}"
if [ "$STORE" = redis ]; then
	redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --set-max-intset-entries 8192 \
		--logfile "$OUT/redis.log" &
	pids+=($!)
	until redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; do sleep 0.2; done
	redis-cli -p "$REDIS_PORT" flushall >/dev/null
fi
# shellcheck disable=SC2086 # TRACKER_ARGS is a list of arguments
java -Xms1g -Xmx1g -jar "$JAR" --server.port="$PORT" --logging.level.root=warn --tracker.store="$STORE" \
	--tracker.redis.url="redis://127.0.0.1:$REDIS_PORT" --tracker.announce.peer-lifetime=30m \
	--tracker.limits.address-rate=0 ${TRACKER_ARGS:-} >"$OUT/tracker.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 120); do
	curl -sf "$URL/actuator/health/readiness" >/dev/null && break
	sleep 0.5
done
curl -sf "$URL/actuator/health/readiness" >/dev/null || { echo "tracker did not start: $OUT/tracker.log"; exit 1; }

# seed.lua registers each peer once and stops (a request in flight then may be lost): wait
# until all are in, or nothing moved for 5 s
wrk -t1 -c16 -d120s -s "$HERE/seed.lua" "$URL" >"$OUT/seed.txt" &
SEEDER=$!
last=-1
stalled=0
while [ "$stalled" -lt 25 ]; do
	peers=$(curl -s "$URL/v1/swarms/bench" | sed -E 's/.*"peers":([0-9]+),.*/\1/')
	[ "$peers" = "$PEERS" ] && break
	if [ "$peers" = "$last" ]; then stalled=$((stalled + 1)); else stalled=0; fi
	last=$peers
	sleep 0.2
done
kill "$SEEDER" 2>/dev/null || true
wait "$SEEDER" 2>/dev/null || true
echo "seeded $(curl -s "$URL/v1/swarms/bench" | sed -E 's/.*"peers":([0-9]+),.*/\1/') peers"

lookups() {
	wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --timeout 5s --latency -s "$HERE/lookup.lua" "$URL" >"$OUT/$1.txt"
	echo "== lookups of the other peers, $1"
	grep -E "Requests/sec|Non-2xx|Socket errors|    (50|90|99)%" "$OUT/$1.txt"
}

wrk -t1 -c"$CONNECTIONS" -d3s -s "$HERE/lookup.lua" "$URL" >/dev/null # warm-up
lookups alone
wrk -t1 -c"$FLOOD_CONNECTIONS" -d"$DURATION" --timeout 5s -s "$HERE/flood.lua" "$URL" >"$OUT/flood.txt" &
FLOODER=$!
lookups "during the flood"
wait "$FLOODER" || true
echo "== the flood (one peer's announces)"
grep -E "requests in|Requests/sec|Non-2xx" "$OUT/flood.txt"
curl -s "$URL/actuator/prometheus" | grep -E '^cdn_tracker_rate_limited_total' || true
