#!/usr/bin/env bash
# Edge hit throughput with signed URLs required (cdn.signed-urls.required: every request's
# HMAC checked, playlists rewritten to carry the signature on) against the same edge
# without, in front of the same static upstream, all on 127.0.0.1 and pinned as run.sh
# pins (edge on cpu 0, wrk on cpu 1). Workloads: closed-loop hits of 64 KiB segments (the
# fast path, plus the check) and of a ~1 KiB media playlist (the controller, rewritten).
# The issue's goal: under 5 % lower throughput with security on. Prints a markdown table
# for bench/RESULTS.md; bounded: about 1 + 4 * ROUNDS * DURATION seconds.
#
# usage: [ROUNDS=3] bench/edge/security.sh [duration_s=10] [connections=64]
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-10}
CONNECTIONS=${2:-64}
ROUNDS=${ROUNDS:-3}
PIN=${PIN:-$([ "$(nproc)" -ge 2 ] && echo 1 || echo 0)}
SERVER_CPU=() CLIENT_CPU=() THREADS=$(nproc)
[ "$PIN" = 1 ] && SERVER_CPU=(taskset -c 0) CLIENT_CPU=(taskset -c 1) THREADS=1
WORK=$(mktemp -d /tmp/edge-security.XXXXXX)
BENCH=bench/edge
. $BENCH/lib.sh
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  sleep 0.5
  rm -rf "$WORK"
}
trap cleanup EXIT

command -v wrk >/dev/null 2>&1 || { echo "wrk is needed (apt-get install wrk)" >&2; exit 2; }
command -v gcc >/dev/null 2>&1 || { echo "gcc is needed (apt-get install gcc libc6-dev)" >&2; exit 2; }
JAR=$(ls edge-cache-service/target/edge-cache-service-*.jar 2>/dev/null | grep -v original | head -n 1 || true)
[ -n "$JAR" ] || { ./mvnw -B -q -o -pl edge-cache-service -am package -DskipTests; JAR=$(ls edge-cache-service/target/edge-cache-service-*.jar | grep -v original | head -n 1); }
gcc -shared -fPIC -O2 -o "$WORK/wrk-mss.so" $BENCH/wrk-mss.c -ldl

read -r P_ORIGIN P_PLAIN P_SIGNED < <(free_ports 3)
python3 $BENCH/origin.py generate "$WORK/content"
python3 $BENCH/origin.py serve "$WORK/content" $P_ORIGIN >/dev/null & PIDS+=($!)

# one secret, and the query the router would hand a listener for the track "bench" (an
# hour), computed as cdn.kit.security.SignedUrls does
read -r KEYS QUERY < <(python3 - <<'PY'
import base64, hashlib, hmac, os, time
secret = os.urandom(32)
b64 = lambda b: base64.urlsafe_b64encode(b).decode().rstrip("=")
scope, exp, kid = "/tracks/bench/", str(int(time.time()) + 3600), "b1"
sig = hmac.new(secret, f"{scope}\n{exp}\n{kid}".encode(), hashlib.sha256).digest()
print(f"{kid}={b64(secret)}", f"cdn-scope={scope}&cdn-exp={exp}&cdn-kid={kid}&cdn-sig={b64(sig)}")
PY
)

edge() { # port extra-arguments...
  local port=$1; shift
  "${SERVER_CPU[@]}" java -Xms512m -Xmx512m -jar "$JAR" --server.port="$port" --edge.upstream=http://127.0.0.1:$P_ORIGIN \
    --edge.region=bench --spring.main.banner-mode=off --logging.level.root=warn --cdn.audit.file= "$@" >"$WORK/edge-$port.log" 2>&1 &
  PIDS+=($!)
}
# one edge at a time on cpu 0, as measured
PLAYLIST=/tracks/bench/a128/index.m3u8
cp "$WORK/content/hits.txt" "$WORK/segments-plain.txt"
while read -r path; do echo "$path?$QUERY"; done <"$WORK/content/hits.txt" >"$WORK/segments-signed.txt"
echo "$PLAYLIST" >"$WORK/playlist-plain.txt"
echo "$PLAYLIST?$QUERY" >"$WORK/playlist-signed.txt"
edge $P_PLAIN
edge $P_SIGNED "--cdn.signed-urls.keys=$KEYS" --cdn.signed-urls.required=true
wait_for http://127.0.0.1:$P_PLAIN/actuator/health/readiness
wait_for http://127.0.0.1:$P_SIGNED/actuator/health/readiness
[ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$P_SIGNED$PLAYLIST")" = 403 ] || { echo "the signed edge serves unsigned requests" >&2; exit 1; }
curl -fs "http://127.0.0.1:$P_SIGNED$PLAYLIST?$QUERY" | grep -q "^/segments/.*cdn-sig=" || { echo "the signed edge does not sign playlist URIs" >&2; exit 1; }
for variant in plain signed; do
  port=$P_PLAIN; [ $variant = signed ] && port=$P_SIGNED
  while read -r path; do curl -fs -o /dev/null "http://127.0.0.1:$port$path"; done <"$WORK/segments-$variant.txt"
  curl -fs -o /dev/null "http://127.0.0.1:$port$(cat "$WORK/playlist-$variant.txt")"
done

measure() { # port paths-file seconds
  LD_PRELOAD="$WORK/wrk-mss.so" timeout $(($3 + 30)) "${CLIENT_CPU[@]}" wrk -t$THREADS -c"$CONNECTIONS" -d"$3"s --timeout 5s \
    -s $BENCH/wrk-report.lua "http://127.0.0.1:$1" -- "$2" | awk '/^RESULT/ { print $2, $3, $4, $5, $6 }'
}
declare -A R
for kind in segments playlist; do
  for variant in plain signed; do
    port=$P_PLAIN; [ $variant = signed ] && port=$P_SIGNED
    measure $port "$WORK/$kind-$variant.txt" 3 >/dev/null # warm-up (JIT, connections)
    : >"$WORK/$kind-$variant.out"
  done
  for round in $(seq 1 "$ROUNDS"); do
    order="plain signed"; [ $((round % 2)) -eq 0 ] && order="signed plain"
    for variant in $order; do
      port=$P_PLAIN; [ $variant = signed ] && port=$P_SIGNED
      line=$(measure $port "$WORK/$kind-$variant.txt" "$DURATION")
      echo "$line" >>"$WORK/$kind-$variant.out"
      echo "$kind $variant round $round: $line (req/s p50_ms p99_ms non2xx errors; load $(cut -d' ' -f1 /proc/loadavg))" >&2
    done
  done
  for variant in plain signed; do R[$kind-$variant]=$(median <"$WORK/$kind-$variant.out"); done
done

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
field() { echo "$1" | awk -v n="$2" '{ print $n }'; }
echo
echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) cores, $(lscpu | grep 'Model name' | sed 's/Model name: *//'); $(java -version 2>&1 | head -n 1); wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s, median of $ROUNDS alternating rounds; PIN=$PIN; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| workload | signatures off | required | on/off |"
echo "| --- | --- | --- | --- |"
for kind in segments playlist; do
  p=${R[$kind-plain]}; s=${R[$kind-signed]}
  label="64 KiB segment hits"; [ $kind = playlist ] && label="~1 KiB media playlist hits (rewritten when signed)"
  echo "| $label: req/s | $(field "$p" 1) | $(field "$s" 1) | **$(ratio "$(field "$s" 1)" "$(field "$p" 1)")×** |"
  echo "| $label: p50 / p99 ms | $(field "$p" 2) / $(field "$p" 3) | $(field "$s" 2) / $(field "$s" 3) | |"
  echo "| $label: non-2xx / socket errors | $(field "$p" 4) / $(field "$p" 5) | $(field "$s" 4) / $(field "$s" 5) | |"
done
