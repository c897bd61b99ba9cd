#!/usr/bin/env bash
# What CORS costs the edge's hit fast path (issue 20): closed-loop hits of 64 KiB segments
# (100 distinct, all cached) without an Origin header and with one (a browser player on the
# router's page: the fast path adds Access-Control-Allow-Origin and -Expose-Headers), same
# edge JVM, alternating rounds; median req/s, p50, p99. The edge on cpu 0, wrk on cpu 1 (as
# bench/edge/run.sh). Bounded: about 1 + ROUNDS/3 minutes.
#
# usage: [ROUNDS=3] bench/edge/cors.sh [duration_s=10] [connections=64]
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-10}
CONNECTIONS=${2:-64}
ROUNDS=${ROUNDS:-3}
WORK=$(mktemp -d /tmp/edge-cors.XXXXXX)
BENCH=bench/edge
. $BENCH/lib.sh
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

JAR=$(ls edge-cache-service/target/edge-cache-service-*.jar 2>/dev/null | grep -v original | head -n 1 || true)
[ -n "$JAR" ] || { ./mvnw -B -q -o -pl cdn-protocol,edge-cache-service -am package -DskipTests;
  JAR=$(ls edge-cache-service/target/edge-cache-service-*.jar | grep -v original | head -n 1); }
gcc -shared -fPIC -O2 -o "$WORK/wrk-mss.so" $BENCH/wrk-mss.c -ldl
read -r P_ORIGIN P_EDGE < <(free_ports 2)
python3 $BENCH/origin.py generate "$WORK/content"
python3 $BENCH/origin.py serve "$WORK/content" $P_ORIGIN >/dev/null & PIDS+=($!)
taskset -c 0 java -Xms512m -Xmx512m -jar "$JAR" --server.port=$P_EDGE --edge.upstream=http://127.0.0.1:$P_ORIGIN \
  --edge.region=bench --spring.main.banner-mode=off --logging.level.root=warn >"$WORK/edge.log" 2>&1 & PIDS+=($!)
wait_for http://127.0.0.1:$P_EDGE/actuator/health/readiness
while read -r path; do curl -fs -o /dev/null "http://127.0.0.1:$P_EDGE$path"; done <"$WORK/content/hits.txt"
# the fast path answers a cross-origin hit itself, with the CORS headers
curl -fsI -H 'Origin: http://localhost:8080' "http://127.0.0.1:$P_EDGE$(head -n 1 "$WORK/content/hits.txt")" \
  | grep -qi '^access-control-allow-origin: \*' || { echo "no CORS header on a hit" >&2; exit 1; }

measure() { # seconds [extra wrk args]
  local seconds=$1; shift
  LD_PRELOAD="$WORK/wrk-mss.so" timeout $((seconds + 30)) taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"$seconds"s \
    --timeout 5s "$@" -s $BENCH/wrk-report.lua "http://127.0.0.1:$P_EDGE" -- "$WORK/content/hits.txt" \
    | awk '/^RESULT/ { print $2, $3, $4, $5, $6 }'
}
measure 3 >/dev/null
measure 3 -H 'Origin: http://localhost:8080' >/dev/null
: >"$WORK/plain.txt"; : >"$WORK/cors.txt"
for round in $(seq 1 "$ROUNDS"); do
  order="plain cors"; [ $((round % 2)) -eq 0 ] && order="cors plain"
  for kind in $order; do
    if [ "$kind" = cors ]; then line=$(measure "$DURATION" -H 'Origin: http://localhost:8080'); else line=$(measure "$DURATION"); fi
    echo "$line" >>"$WORK/$kind.txt"
    echo "$kind round $round: $line (req/s p50_ms p99_ms non2xx errors)" >&2
  done
done
read -r PR P50 P99 PN PE < <(median <"$WORK/plain.txt")
read -r CR C50 C99 CN CE < <(median <"$WORK/cors.txt")
echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) cores, $(lscpu | grep 'Model name' | sed 's/Model name: *//'); $(java -version 2>&1 | head -n 1); wrk -t1 -c$CONNECTIONS -d${DURATION}s, median of $ROUNDS alternating rounds; edge on cpu 0, wrk on cpu 1"
echo
echo "| 64 KiB segment hits | req/s | p50 ms | p99 ms | non-2xx / errors |"
echo "| --- | ---: | ---: | ---: | --- |"
echo "| no \`Origin\` | $PR | $P50 | $P99 | $PN / $PE |"
echo "| \`Origin: http://localhost:8080\` (CORS headers added) | $CR | $C50 | $C99 | $CN / $CE |"
echo
awk -v a="$CR" -v b="$PR" 'BEGIN { printf "with / without Origin: %.2fx requests/s\n", a / b }'
