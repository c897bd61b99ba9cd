#!/usr/bin/env bash
# Tracing cost on the edge's hit path, side by side in one run on this machine: the same
# edge jar twice in front of the same static upstream, one with tracing off
# (management.tracing.enabled=false), one with tracing on, 1 % of requests sampled and
# every sampled span sent to a real Zipkin (the exec jar cdn-demo's build fetches).
#   off       tracing off, plain requests
#   1%        tracing on, plain requests: the edge samples 1 % of them itself
#   00        tracing on, each request carrying an unsampled traceparent (a listener that
#             did not sample the segment): no span
#   off+00    tracing off, the same header: what reading one more header costs by itself
# Closed-loop hits (each connection sends its next request on an answer) of 64 KiB
# segments and of a ~1 KiB playlist, answered by the Netty fast path: requests per second,
# and the edge JVM's CPU time per answered request (from /proc, steadier than throughput on
# a shared 2-core machine where wrk and the edge each have one core). Prints a markdown
# table for bench/RESULTS.md. Bounded: about 1 + 2 * 4 * (10 + ROUNDS * duration) seconds (10 min).
#
# usage: [ROUNDS=20] bench/edge/tracing.sh [duration_s=3] [connections=64]
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-3}
CONNECTIONS=${2:-64}
ROUNDS=${ROUNDS:-20}
SERVER_CPU=() CLIENT_CPU=() THREADS=$(nproc)
if [ "$(nproc)" -ge 2 ]; then
  # each edge on cpu 0, wrk (one thread) and Zipkin (niced) on cpu 1 (see run.sh)
  SERVER_CPU=(taskset -c 0) CLIENT_CPU=(taskset -c 1) THREADS=1
fi
WORK=$(mktemp -d /tmp/edge-tracing.XXXXXX)
BENCH=bench/edge
. $BENCH/lib.sh
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  sleep 0.5
  rm -rf "$WORK"
}
trap cleanup EXIT

command -v wrk >/dev/null 2>&1 || { export DEBIAN_FRONTEND=noninteractive; apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
JAR=$(ls edge-cache-service/target/edge-cache-service-*.jar 2>/dev/null | grep -v original | head -n 1 || true)
ZIPKIN=cdn-demo/target/zipkin/zipkin-server.jar
if [ -z "$JAR" ] || [ ! -f "$ZIPKIN" ]; then
  ./mvnw -B -q -pl edge-cache-service,cdn-demo -am package -DskipTests
  JAR=$(ls edge-cache-service/target/edge-cache-service-*.jar | grep -v original | head -n 1)
fi
gcc -shared -fPIC -O2 -o "$WORK/wrk-mss.so" $BENCH/wrk-mss.c -ldl

read -r P_ORIGIN P_ZIPKIN P_OFF P_ON < <(free_ports 4)

python3 $BENCH/origin.py generate "$WORK/content"
python3 $BENCH/origin.py serve "$WORK/content" $P_ORIGIN >/dev/null & PIDS+=($!)
# Zipkin shares wrk's core at the lowest priority: what it spends taking in spans is the
# collector's cost, not the edge's, and must not slow the client that measures the edge
nice -n 19 "${CLIENT_CPU[@]}" java -Xmx384m -jar "$ZIPKIN" --server.port=$P_ZIPKIN >"$WORK/zipkin.log" 2>&1 & PIDS+=($!)

declare -A EDGE_PID
edge() { # port extra-arguments...
  local port=$1; shift
  "${SERVER_CPU[@]}" java -Xms512m -Xmx512m -jar "$JAR" --server.port="$port" --edge.upstream=http://127.0.0.1:$P_ORIGIN \
    --edge.region=bench --spring.main.banner-mode=off --logging.level.root=warn "$@" >"$WORK/edge-$port.log" 2>&1 &
  PIDS+=($!)
  EDGE_PID[$port]=$!
}
edge $P_OFF --management.tracing.enabled=false
edge $P_ON --management.tracing.sampling.probability=0.01 --management.tracing.export.zipkin.enabled=true \
  --management.tracing.export.zipkin.endpoint=http://127.0.0.1:$P_ZIPKIN/api/v2/spans
wait_for http://127.0.0.1:$P_ZIPKIN/health
wait_for http://127.0.0.1:$P_OFF/actuator/health/readiness
wait_for http://127.0.0.1:$P_ON/actuator/health/readiness

PLAYLIST=/tracks/bench/a128/index.m3u8
echo "$PLAYLIST" >"$WORK/playlist.txt"
for port in $P_OFF $P_ON; do
  while read -r path; do curl -fs -o /dev/null "http://127.0.0.1:$port$path"; done <"$WORK/content/hits.txt"
  curl -fs -o /dev/null "http://127.0.0.1:$port$PLAYLIST"
done

UNSAMPLED='traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00'
# CPU time (user + system, clock ticks) the edge JVM has used so far
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
measure() { # variant paths-file seconds -> req/s p50 p99 non2xx errors cpu_us_per_request
  local port=$P_ON header=() before after result
  [ "${1%+00}" = off ] && port=$P_OFF
  [ "${1#*+}" = 00 ] || [ "$1" = 00 ] && header=(-H "$UNSAMPLED")
  before=$(cpu_ticks "${EDGE_PID[$port]}")
  result=$(LD_PRELOAD="$WORK/wrk-mss.so" timeout $(($3 + 30)) "${CLIENT_CPU[@]}" wrk -t$THREADS -c"$CONNECTIONS" -d"$3"s --timeout 5s \
    "${header[@]}" -s $BENCH/wrk-report.lua "http://127.0.0.1:$port" -- "$2" | awk '/^RESULT/ { print $2, $3, $4, $5, $6 }')
  after=$(cpu_ticks "${EDGE_PID[$port]}")
  # the edge's CPU per answered request: what tracing costs it, whatever the client's pace
  echo "$result" | awk -v t=$((after - before)) -v hz="$(getconf CLK_TCK)" -v s="$3" \
    '{ printf "%s %.2f\n", $0, t / hz * 1e6 / ($1 * s) }'
}
declare -A R
VARIANTS=(off off+00 1% 00)
for kind in segment playlist; do
  file="$WORK/content/hits.txt"
  [ "$kind" = playlist ] && file="$WORK/playlist.txt"
  # warm-up: the JIT compiles each variant's path before anything is measured
  for variant in "${VARIANTS[@]}"; do measure "$variant" "$file" 10 >/dev/null; : >"$WORK/$kind-$variant.txt"; done
  for round in $(seq 1 "$ROUNDS"); do
    # a different variant first in each round: drift on this shared machine hits all alike
    first=$((round % ${#VARIANTS[@]}))
    order=("${VARIANTS[@]:$first}" "${VARIANTS[@]:0:$first}")
    for variant in "${order[@]}"; do
      line=$(measure "$variant" "$file" "$DURATION")
      echo "$line" >>"$WORK/$kind-$variant.txt"
      echo "$kind $variant round $round: $line (req/s p50_ms p99_ms non2xx errors edge_cpu_us/request; load $(cut -d' ' -f1 /proc/loadavg))" >&2
    done
  done
  for variant in "${VARIANTS[@]}"; do R[$kind-$variant]=$(median <"$WORK/$kind-$variant.txt"); done
done
sleep 2
SPANS=$(curl -fs "http://127.0.0.1:$P_ZIPKIN/api/v2/traces?serviceName=edge-cache-service&limit=100000&lookback=3600000" \
  | python3 -c 'import json, sys; print(sum(len(t) for t in json.load(sys.stdin)))')

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", a / b }'; }
field() { echo "$1" | awk -v n="$2" '{ print $n }'; }
echo
echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) cores, $(lscpu | grep 'Model name' | sed 's/Model name: *//'); $(java -version 2>&1 | head -n 1); wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s, median of $ROUNDS rotating rounds (short rounds, so drift on this shared machine hits every arm alike); edge spans in Zipkin after the run: $SPANS; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| workload | tracing off | off, with an unsampled traceparent | on, 1 % sampled | on, unsampled traceparent | 1 % / off | on / off, both with the header |"
echo "| --- | --- | --- | --- | --- | --- | --- |"
for kind in segment playlist; do
  off=${R[$kind-off]}; offh=${R[$kind-off+00]}; on=${R[$kind-1%]}; un=${R[$kind-00]}
  label="64 KiB segment hits"
  [ "$kind" = playlist ] && label="~1 KiB playlist hits"
  row() { # label field
    echo "| $label: $1 | $(field "$off" "$2") | $(field "$offh" "$2") | $(field "$on" "$2") | $(field "$un" "$2") | **$(ratio "$(field "$on" "$2")" "$(field "$off" "$2")")** | **$(ratio "$(field "$un" "$2")" "$(field "$offh" "$2")")** |"
  }
  row "req/s" 1
  row "edge CPU µs per request" 6
  row "p99 ms" 3
  echo "| $label: non-2xx / socket errors | $(field "$off" 4) / $(field "$off" 5) | $(field "$offh" 4) / $(field "$offh" 5) | $(field "$on" 4) / $(field "$on" 5) | $(field "$un" 4) / $(field "$un" 5) | | |"
done
