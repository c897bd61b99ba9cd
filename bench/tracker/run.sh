#!/usr/bin/env bash
# Tracker benchmark: seeds PEERS peers (default 100k) holding 50 of SEGMENTS segments
# (default 1k) each in 3 regions, then measures single lookups, batched lookups (a window
# of 8 segments), the same batched lookups with a claim (issue 19) and incremental
# announces with wrk, all on 127.0.0.1.
#
# Usage (from the repository root, after ./mvnw -pl cdn-protocol,tracker-service -am package -DskipTests):
#   bench/tracker/run.sh memory
#   bench/tracker/run.sh redis      # needs redis-server and redis-cli on PATH
# Peers live 30 min here instead of 90 s: the benchmark does not send the heartbeats
# that keep real peers alive, and seeded peers must not expire between runs.
# Knobs: THREADS (2) CONNECTIONS (64) WARMUP (10s) DURATION (20s) PEERS SEGMENTS PORT REDIS_PORT
#        REDIS_ARGS (extra redis-server arguments, e.g. '--set-max-intset-entries 8192', the
#        setting tracker-service/README.md recommends; empty: Redis's defaults)
#        TRACKER_ARGS (extra tracker arguments, e.g. '--management.tracing.enabled=false')
#        (wrk calls from 127.0.0.1 only: the per-address limit is off here; the per-peer
#        limit stays on, each wrk request names a different peer)
#        TOKENS=1: listener tokens required (issue 16): a key pair and every peer's token made
#        first (bench/tracker/Tokens.java), each request carrying its peer's token;
#        TOKENS=header: the same requests to a tracker that requires none (the control)
#        (bench/tracker/security.sh runs both arms and prints the ratio)
#        PIN=1: the tracker (and Redis) on cpu 0, wrk on cpu 1 with one thread, so the load
#        generator does not take the tracker's core (a 2-core machine)
set -euo pipefail
STORE=${1:-memory}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
JAR=$(ls "$ROOT"/tracker-service/target/tracker-service-*.jar | grep -v '\.original$' | head -1)
PORT=${PORT:-8095}
REDIS_PORT=${REDIS_PORT:-6390}
THREADS=${THREADS:-2}
SERVER_CPU=""
CLIENT_CPU=""
if [ "${PIN:-0}" = 1 ]; then
	SERVER_CPU="taskset -c 0"
	CLIENT_CPU="taskset -c 1"
	THREADS=1
fi
CONNECTIONS=${CONNECTIONS:-64}
WARMUP=${WARMUP:-10s}
DURATION=${DURATION:-20s}
OUT=${OUT:-${TMPDIR:-/tmp}/tracker-bench}
export BENCH_DIR=$HERE THREADS PEERS=${PEERS:-100000} SEGMENTS=${SEGMENTS:-1000}
mkdir -p "$OUT"
URL=http://127.0.0.1:$PORT

pids=()
cleanup() {
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
	wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

redis_memory() {
	redis-cli -p "$REDIS_PORT" info memory | awk -F: '/^used_memory:/ { print $2 }' | tr -d '\r'
}

# CPU time (user + system, in clock ticks) a process has used so far
cpu_ticks() {
	awk '{ print $14 + $15 }' "/proc/$1/stat"
}
TICK=$(getconf CLK_TCK)

if [ "$STORE" = redis ]; then
	# shellcheck disable=SC2086 # REDIS_ARGS is a list of arguments
	$SERVER_CPU redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save '' --appendonly no --logfile "$OUT/redis.log" ${REDIS_ARGS:-} &
	pids+=($!)
	REDIS=$!
	until redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; do sleep 0.2; done
	redis-cli -p "$REDIS_PORT" flushall >/dev/null
	BASE=$(redis_memory)
fi

SECURITY_ARGS=""
export TOKENS_FILE=""
if [ "${TOKENS:-0}" = 1 ] || [ "${TOKENS:-0}" = header ]; then
	rm -rf "$OUT/keys"
	# the kit's classes and jjwt, as the services have them
	"$ROOT/mvnw" -q -o -f "$ROOT/pom.xml" -pl cdn-service-kit dependency:build-classpath \
		-Dmdep.outputFile="$OUT/kit.classpath" >/dev/null
	start=$(date +%s.%N)
	java -cp "$ROOT/cdn-service-kit/target/classes:$ROOT/cdn-protocol/target/classes:$(cat "$OUT/kit.classpath")" \
		"$HERE/Tokens.java" "$OUT/keys" "$PEERS" "$OUT/tokens.txt"
	echo "made $PEERS listener tokens in $(echo "$(date +%s.%N) - $start" | bc) s"
	TOKENS_FILE="$OUT/tokens.txt"
	# TOKENS=header: the same requests, to a tracker that requires none (what carrying
	# the header costs, without checking it)
	[ "$TOKENS" = 1 ] && SECURITY_ARGS="--tracker.tokens.keys-dir=$OUT/keys"
fi

# shellcheck disable=SC2086 # TRACKER_ARGS is a list of arguments
$SERVER_CPU java -Xms2g -Xmx2g -jar "$JAR" --server.port="$PORT" --tracker.store="$STORE" \
	--tracker.redis.url="redis://127.0.0.1:$REDIS_PORT" --logging.level.root=warn \
	--tracker.announce.peer-lifetime=30m --tracker.limits.address-rate=0 $SECURITY_ARGS ${TRACKER_ARGS:-} \
	>"$OUT/tracker-$STORE.log" 2>&1 &
pids+=($!)
TRACKER=$!
until curl -sf "$URL/actuator/health/readiness" >/dev/null; do sleep 0.5; done

echo "== seed: $PEERS peers x 50 segments"
# wrk runs for a fixed time, so stop it as soon as the swarm holds every peer
seed_cpu=$(cpu_ticks "$TRACKER")
start=$(date +%s.%N)
wrk -t"$THREADS" -c"$CONNECTIONS" -d300s --timeout 10s -s "$HERE/seed.lua" "$URL" >"$OUT/$STORE-seed.txt" &
SEEDER=$!
registered() { curl -s "$URL/v1/swarms/bench" | sed -E 's/.*"peers":([0-9]+),.*/\1/'; }
last=-1
stalled=0
while true; do
	now=$(registered)
	[ "$now" = "$PEERS" ] && break
	if [ "$now" = "$last" ]; then stalled=$((stalled + 1)); else stalled=0; fi
	# a request that timed out leaves its peer out; stop waiting once nothing moves for 5 s
	[ "$stalled" -ge 25 ] && break
	last=$now
	sleep 0.2
done
end=$(date +%s.%N)
[ "$stalled" -ge 25 ] && end=$(echo "$end - 5" | bc)
kill "$SEEDER" 2>/dev/null || true
wait "$SEEDER" 2>/dev/null || true
SEEDED_PEERS=$(registered)
echo "   tracker CPU per seed announce: $(echo "scale=1; ($(cpu_ticks "$TRACKER") - $seed_cpu) * 1000000 / $TICK / $SEEDED_PEERS" | bc) us"
echo "seeded $SEEDED_PEERS peers in $(echo "$end - $start" | bc) s: $(echo "$SEEDED_PEERS / ($end - $start)" | bc) announces/s (started, 50 segments each)"
curl -s "$URL/v1/swarms/bench" | head -c 400; echo
if [ "$STORE" = redis ]; then
	SEEDED=$(redis_memory)
	echo "redis used_memory: base $BASE, seeded $SEEDED, per peer $(((SEEDED - BASE) / SEEDED_PEERS)) bytes"
	redis-cli -p "$REDIS_PORT" info memory | grep -E "used_memory_human|mem_fragmentation_ratio|allocator" | tr -d '\r'
	echo "redis $(redis-cli -p "$REDIS_PORT" config get set-max-intset-entries | tr '\n' ' ')"
	peer1=$(printf 'bench-peer-%011d' 1)
	K=trk:v2: # the default prefix and the store's key layout version
	for key in "${K}p:$(redis-cli -p "$REDIS_PORT" hget "${K}pid" "$peer1")" "${K}h:$peer1" "${K}s:1:eu-west" "${K}live" "${K}pid"; do
		echo "MEMORY USAGE $key = $(redis-cli -p "$REDIS_PORT" memory usage "$key") ($(redis-cli -p "$REDIS_PORT" object encoding "$key"))"
	done
	echo "keys: $(redis-cli -p "$REDIS_PORT" dbsize)"
fi

# Throughput on a shared machine says as much about the neighbours as about the tracker,
# so each run also reports the CPU time the tracker (and Redis) spent per request.
run() {
	local name=$1 script=$2
	$CLIENT_CPU wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" -s "$HERE/$script" "$URL" >/dev/null
	local load_before tracker_before redis_before=0 tracker_after redis_after=0 requests
	load_before=$(cut -d' ' -f1 /proc/loadavg)
	tracker_before=$(cpu_ticks "$TRACKER")
	[ "$STORE" = redis ] && redis_before=$(cpu_ticks "$REDIS")
	$CLIENT_CPU wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --timeout 10s --latency -s "$HERE/$script" "$URL" >"$OUT/$STORE-$name.txt"
	tracker_after=$(cpu_ticks "$TRACKER")
	[ "$STORE" = redis ] && redis_after=$(cpu_ticks "$REDIS")
	requests=$(awk '/requests in/ { print $1 }' "$OUT/$STORE-$name.txt")
	echo "== $name"
	grep -E "Requests/sec|Non-2xx|Socket errors|    (50|90|99)%" "$OUT/$STORE-$name.txt"
	echo "   load average $load_before -> $(cut -d' ' -f1 /proc/loadavg)"
	echo "   tracker CPU per request: $(echo "scale=1; ($tracker_after - $tracker_before) * 1000000 / $TICK / $requests" | bc) us"
	if [ "$STORE" = redis ]; then
		echo "   redis CPU per request: $(echo "scale=1; ($redis_after - $redis_before) * 1000000 / $TICK / $requests" | bc) us"
	fi
}

run lookup lookup.lua
run lookup-batch lookup-batch.lua
CLAIM=1 run lookup-claim lookup-batch.lua
run announce announce.lua

echo "== tracker RSS: $(ps -o rss= -p "$TRACKER") KB"
if [ "$STORE" = redis ]; then
	echo "redis used_memory after runs: $(redis_memory)"
fi
curl -s "$URL/actuator/prometheus" | grep -E '^cdn_tracker_(requests_total|peers)' || true
