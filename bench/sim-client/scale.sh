#!/usr/bin/env bash
# sim-client scale: N listeners (default 500) in ONE JVM with a 1 GiB heap, against the
# local cluster (./cdn up: origin, three edges, tracker, router as processes on this machine).
# Prints the swarm report and what the client JVM used: CPU (share of one core, sampled
# every 5 s), peak RSS, GC pauses (from -Xlog:gc). Bounded: the track's length + the joins +
# 60 s. Leaves the cluster as it found it (starts it only if it was not running).
#
# TRANSPORT=webrtc (or auto) runs the listeners on WebRTC DataChannels (issue 15) and also
# samples their open peer connections (the cdn_client_webrtc_connections gauge).
#
# usage: [TRANSPORT=http|webrtc|auto] bench/sim-client/scale.sh [clients=500] [join_interval=100ms] [speed=1]
set -euo pipefail
cd "$(dirname "$0")/../.."
CLIENTS=${1:-500}
JOIN=${2:-100ms}
SPEED=${3:-1}
TRACK=${TRACK:-concert-pitch}
TRANSPORT=${TRANSPORT:-http}
METRICS_PORT=${METRICS_PORT:-9477}
WORK=$(mktemp -d /tmp/sim-scale.XXXXXX)

started_cluster=0
if ! curl -fs http://localhost:8080/actuator/health/readiness >/dev/null 2>&1; then
  ./cdn up >/dev/null
  started_cluster=1
fi
cleanup() {
  [ -n "${sampler:-}" ] && kill "$sampler" 2>/dev/null || true
  [ "$started_cluster" = 1 ] && ./cdn down >/dev/null || true
}
trap cleanup EXIT

JAR=$(ls sim-client/target/sim-client-*-exec.jar | head -n 1)
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) vCPU, $(lscpu | sed -n 's/^Model name: *//p')"
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg)"
java -Xmx1g -Xlog:gc:file="$WORK/gc.log" -jar "$JAR" --router http://localhost:8080 \
  --clients "$CLIENTS" --track "$TRACK" --speed "$SPEED" --join-interval "$JOIN" \
  --transport "$TRANSPORT" --metrics-port "$METRICS_PORT" \
  --report "$WORK/report.json" >"$WORK/out.txt" 2>"$WORK/err.txt" &
client=$!

# CPU share of one core, RSS and WebRTC connections of the client, every 5 s
(
  ticks=$(getconf CLK_TCK)
  prev=0
  while kill -0 "$client" 2>/dev/null; do
    read -r utime stime < <(awk '{print $14, $15}' "/proc/$client/stat" 2>/dev/null || echo "0 0")
    rss=$(awk '/VmRSS/ {print $2}' "/proc/$client/status" 2>/dev/null || echo 0)
    now=$((utime + stime))
    # the last scrape stays: the peer fetches' outcomes at the end
    curl -fs -m 2 -o "$WORK/metrics.txt" "http://127.0.0.1:$METRICS_PORT/metrics" 2>/dev/null || true
    links=$(awk '/^cdn_client_webrtc_connections / {print int($2)}' "$WORK/metrics.txt" 2>/dev/null || true)
    echo "$(( (now - prev) * 100 / ticks / 5 )) $rss $(cut -d' ' -f1 /proc/loadavg) ${links:-0}"
    prev=$now
    sleep 5
  done
) >"$WORK/samples.txt" &
sampler=$!
wait "$client" || true
kill "$sampler" 2>/dev/null || true

cat "$WORK/out.txt"
echo
awk 'NR > 1 { cpu += $1; n++; if ($1 > max) max = $1; if ($2 > rss) rss = $2; if ($3 > load) load = $3; if ($4 > links) links = $4 }
     END { printf "client JVM (%s): CPU mean %.0f %% / max %d %% of one core, peak RSS %.0f MiB, peak load avg %.1f, peak WebRTC connections %d\n", transport, cpu / n, max, rss / 1024, load, links }' \
  transport="$TRANSPORT" \
  "$WORK/samples.txt"
grep -oE 'Pause[^)]*\) [0-9.]+ms|[0-9.]+ms$' "$WORK/gc.log" | grep -oE '[0-9.]+ms$' | tr -d 'ms' |
  awk '{ total += $1; n++; if ($1 > max) max = $1 } END { printf "GC: %d pauses, %.0f ms in total, longest %.0f ms\n", n, total, max }'
echo "timeouts and errors logged by the client: $(grep -c -E 'Timeout|timed out' "$WORK/err.txt" || true)"
echo "peer fetches by outcome (last scrape):"
awk -F'[{}]' '/^cdn_client_segment_fetch_seconds_count\{/ && /source="peer"/ {
    match($2, /outcome="[^"]*"/); n[substr($2, RSTART + 9, RLENGTH - 10)] += $3 }
  END { for (o in n) printf "  %s %d\n", o, n[o] }' "$WORK/metrics.txt" 2>/dev/null || true
echo "report: $WORK/report.json"
