#!/usr/bin/env bash
# Router benchmark: routing decisions per second and their latency,
#  1. in memory (region resolution + ranking, one thread, no HTTP): DecisionBench.java
#  2. over HTTP: wrk against GET /v1/route on 127.0.0.1, the router pinned to one core
#     and wrk to another, three stand-in edges (stub_edge.py) so that every edge is healthy:
#     as fast as the router answers (closed loop, the router's core saturated), then at about
#     the target rate of 20k/s or a little above (PACED_CONNECTIONS connections, each pausing PACE_MS after
#     every answer), where the p99 bound applies.
# Bounded: about 20 s in memory + WARMUP + 2 * DURATION + 20 seconds of wrk. Prints RESULT lines.
# Also prints the router's CPU seconds during the measured run, so that requests per
# CPU-second can be compared when other work shares the core.
set -euo pipefail
cd "$(dirname "$0")/../.."

DURATION=${DURATION:-20}        # measured seconds of HTTP load
WARMUP=${WARMUP:-20}            # seconds of HTTP load before measuring (JIT)
CONNECTIONS=${CONNECTIONS:-16}  # wrk connections (one wrk thread)
PACED_CONNECTIONS=${PACED_CONNECTIONS:-80} # connections of the paced run: 80 / (3 ms + latency + wrk's timer) ≈ 23k/s
PACE_MS=${PACE_MS:-3}
ROUTER_CPU=${ROUTER_CPU:-0}     # the core the router (and DecisionBench) runs on
WRK_CPU=${WRK_CPU:-1}           # the core wrk runs on
PORT=${PORT:-18180}             # router; edges on PORT+2..PORT+4
LOG=${LOG:-/tmp/router-bench.log}

command -v wrk >/dev/null || { echo "wrk is needed (apt-get install wrk)" >&2; exit 1; }
if ! ls router-service/target/router-service-*.jar >/dev/null 2>&1; then
  ./mvnw -B -q -pl cdn-protocol,router-service -am package -DskipTests
fi
JAR=$(ls router-service/target/router-service-*.jar | head -n 1)

pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

echo "== in-memory routing decisions, 1 thread on cpu $ROUTER_CPU"
taskset -c "$ROUTER_CPU" java -cp router-service/target/classes:cdn-protocol/target/classes \
  bench/router/DecisionBench.java 5 10

for i in 0 1 2; do
  python3 bench/router/stub_edge.py $((PORT + 2 + i)) 0.1 &
  pids+=($!)
done
taskset -c "$ROUTER_CPU" java -Xmx256m -jar "$JAR" --server.port="$PORT" \
  "--router.edges[0].url=http://127.0.0.1:$((PORT + 2))" "--router.edges[0].region=us-east" \
  "--router.edges[1].url=http://127.0.0.1:$((PORT + 3))" "--router.edges[1].region=eu-west" \
  "--router.edges[2].url=http://127.0.0.1:$((PORT + 4))" "--router.edges[2].region=ap-south" \
  >"$LOG" 2>&1 &
router=$!
pids+=($router)

for _ in $(seq 1 120); do
  up=$(curl -sf "http://127.0.0.1:$PORT/v1/edges" 2>/dev/null | grep -o '"state":"up"' | wc -l || true)
  [ "$up" = 3 ] && break
  sleep 0.5
done
[ "$up" = 3 ] || { echo "router did not see 3 healthy edges; log: $LOG" >&2; exit 1; }

echo "== HTTP warm-up ${WARMUP}s"
taskset -c "$WRK_CPU" wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" -s bench/router/route.lua \
  "http://127.0.0.1:$PORT" >/dev/null
# CPU seconds the router process used (user + system), to give decisions per CPU-second
# even when other work shares the core
cpu_seconds() {
  awk -v tck="$(getconf CLK_TCK)" '{ printf "%.2f", ($14 + $15) / tck }' "/proc/$router/stat"
}
echo "== GET /v1/route: router on cpu $ROUTER_CPU, wrk -t1 -c$CONNECTIONS on cpu $WRK_CPU, ${DURATION}s"
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
cpu_before=$(cpu_seconds)
out=$(taskset -c "$WRK_CPU" wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s bench/router/route.lua \
  "http://127.0.0.1:$PORT")
cpu_after=$(cpu_seconds)
echo "$out"
requests=$(echo "$out" | sed -n 's/^RESULT requests=\([0-9]*\).*/\1/p')
awk -v r="$requests" -v a="$cpu_before" -v b="$cpu_after" \
  'BEGIN { printf "RESULT router_cpu_s=%.2f requests_per_router_cpu_s=%.0f\n", b - a, r / (b - a) }'
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== GET /v1/route paced: wrk -t1 -c$PACED_CONNECTIONS, each connection pausing ${PACE_MS} ms after every answer, ${DURATION}s"
cpu_before=$(cpu_seconds)
out=$(WRK_PAUSE_MS=$PACE_MS taskset -c "$WRK_CPU" wrk -t1 -c"$PACED_CONNECTIONS" -d"${DURATION}s" -s bench/router/route.lua \
  "http://127.0.0.1:$PORT")
cpu_after=$(cpu_seconds)
echo "$out" | grep RESULT | sed 's/^RESULT /RESULT paced /'
awk -v a="$cpu_before" -v b="$cpu_after" -v d="$DURATION" \
  'BEGIN { printf "RESULT paced router_cpu_share=%.0f%%\n", 100 * (b - a) / d }'

# control: the cheapest endpoint of the same HTTP stack, to tell the cost of routing from
# the cost of HTTP on this machine
# (warmed first: the route warm-up above no longer runs the framework's dispatch, which
# /v1/route skips, so the JIT has not compiled it yet)
taskset -c "$WRK_CPU" wrk -t1 -c"$CONNECTIONS" -d10s "http://127.0.0.1:$PORT/actuator/health/liveness" >/dev/null
echo "== control: GET /actuator/health/liveness, 10s"
cpu_before=$(cpu_seconds)
out=$(taskset -c "$WRK_CPU" wrk -t1 -c"$CONNECTIONS" -d10s --latency "http://127.0.0.1:$PORT/actuator/health/liveness")
cpu_after=$(cpu_seconds)
requests=$(echo "$out" | awk '/requests in/ { print $1 }')
echo "$out" | grep -E "Requests/sec|50%|99%"
awk -v r="$requests" -v a="$cpu_before" -v b="$cpu_after" \
  'BEGIN { printf "RESULT control_requests=%d router_cpu_s=%.2f requests_per_router_cpu_s=%.0f\n", r, b - a, r / (b - a) }'
