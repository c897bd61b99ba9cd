#!/usr/bin/env bash
# Side by side on this machine: nginx proxy_cache (lock, use_stale, background_update)
# and edge-cache-service in front of the same static upstream, all on 127.0.0.1.
#   1. hit throughput and latency, 64 KiB segments (100 distinct, all cached), each
#      connection sending its next request as soon as it has an answer (closed loop: each
#      server runs at its own saturation)
#   2. the same segments at one request rate for both: each connection pauses PACE_MS
#      (2 ms) after every answer, so both servers are offered about the same load, below
#      what either sustains, and the p99s compare like for like
#   3. closed-loop hits of a ~1 KiB playlist
#   4. coalesced waiters: 50 clients at once on an object neither cache holds, upstream
#      answering after 200 ms; waiter p50/p99 (nginx: proxy_cache_lock), next to the
#      upstream's own latency seen by the same client (Waiters.java)
# Prints a markdown table for bench/RESULTS.md. Needs root for apt (nginx, wrk) on first
# run; everything else is built here. Bounded: about 3 + 1 * ROUNDS minutes (6 with the defaults).
#
# usage: [ROUNDS=3] [PIN=1|0] [PACE_MS=2] [EDGE_OPTS='-D…'] bench/edge/run.sh [duration_s=10] [connections=64]
set -euo pipefail
cd "$(dirname "$0")/../.."
DURATION=${1:-10}
CONNECTIONS=${2:-64}
PACE_MS=${PACE_MS:-2}
# PIN=1 (the default on 2 cores or more): each server on cpu 0 (nginx with one worker, the
# edge JVM as shipped), wrk with one thread on cpu 1, so the client never takes CPU from the
# server it measures (as in ANCHORS.md: one worker, one core). PIN=0: nothing pinned, nginx
# with a worker per core, wrk with a thread per core, all sharing the cores.
PIN=${PIN:-$([ "$(nproc)" -ge 2 ] && echo 1 || echo 0)}
SERVER_CPU=() CLIENT_CPU=() NGINX_WORKERS=auto THREADS=$(nproc)
if [ "$PIN" = 1 ]; then
  # one wrk thread per client core: two threads on one core take turns in time slices,
  # and an answer waiting for its thread's turn was measured as 2-4 ms of server latency
  SERVER_CPU=(taskset -c 0) CLIENT_CPU=(taskset -c 1) NGINX_WORKERS=1 THREADS=1
fi
ROUNDS=${ROUNDS:-3}
WORK=$(mktemp -d /tmp/edge-bench.XXXXXX)
BENCH=bench/edge
. $BENCH/lib.sh
PIDS=()

cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
  sleep 0.5
  rm -rf "$WORK"
}
trap cleanup EXIT

need=()
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || need+=(nginx)
command -v wrk >/dev/null 2>&1 || need+=(wrk)
command -v gcc >/dev/null 2>&1 || need+=(gcc libc6-dev)
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
NGINX=$(command -v nginx || echo /usr/sbin/nginx)

JAR=$(ls edge-cache-service/target/edge-cache-service-*.jar 2>/dev/null | grep -v original | head -n 1 || true)
if [ -z "$JAR" ]; then
  ./mvnw -B -q -o -pl cdn-protocol,edge-cache-service -am package -DskipTests
  JAR=$(ls edge-cache-service/target/edge-cache-service-*.jar | grep -v original | head -n 1)
fi

# wrk with Ethernet-sized segments (see wrk-mss.c: otherwise loopback's 64 KiB MSS adds
# a 40 ms delayed-ACK stall to every 64 KiB response, whichever server sends it)
gcc -shared -fPIC -O2 -o "$WORK/wrk-mss.so" $BENCH/wrk-mss.c -ldl

read -r P_ORIGIN P_SLOW P_NGINX P_NGINX_SLOW P_EDGE P_EDGE_SLOW < <(free_ports 6)

# upstreams: one immediate, one answering after 200 ms
python3 $BENCH/origin.py generate "$WORK/content"
python3 $BENCH/origin.py serve "$WORK/content" $P_ORIGIN >/dev/null & PIDS+=($!)
python3 $BENCH/origin.py serve "$WORK/content" $P_SLOW 0.2 >"$WORK/slow-origin.log" & PIDS+=($!)

# nginx: the documented proxy_cache setup, workers on every core
mkdir -p "$WORK/tmp"
cat >"$WORK/nginx.conf" <<NGINX
worker_processes $NGINX_WORKERS;
user root;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on; tcp_nopush on; tcp_nodelay on;
  keepalive_requests 1000000;
  client_body_temp_path $WORK/tmp; proxy_temp_path $WORK/tmp;
  fastcgi_temp_path $WORK/tmp; uwsgi_temp_path $WORK/tmp; scgi_temp_path $WORK/tmp;
  proxy_cache_path $WORK/nginx-fast levels=1:2 keys_zone=fast:16m max_size=1g inactive=60m use_temp_path=off;
  proxy_cache_path $WORK/nginx-slow levels=1:2 keys_zone=slow:16m max_size=1g inactive=60m use_temp_path=off;
  upstream fast { server 127.0.0.1:$P_ORIGIN; keepalive 32; }
  upstream slow { server 127.0.0.1:$P_SLOW; keepalive 32; }
  proxy_http_version 1.1;
  proxy_set_header Connection "";
  proxy_cache_key \$uri;
  proxy_cache_lock on;
  proxy_cache_lock_timeout 10s;
  proxy_cache_lock_age 10s;
  proxy_cache_use_stale error timeout updating http_500 http_502 http_503 http_504;
  proxy_cache_background_update on;
  proxy_cache_revalidate on;
  add_header X-Cache \$upstream_cache_status;
  server { listen 127.0.0.1:$P_NGINX; location / { proxy_pass http://fast; proxy_cache fast; } }
  server { listen 127.0.0.1:$P_NGINX_SLOW; location / { proxy_pass http://slow; proxy_cache slow; } }
}
NGINX
"${SERVER_CPU[@]}" "$NGINX" -p "$WORK" -c "$WORK/nginx.conf" -e "$WORK/nginx-error.log"

# the edge, twice (fast and slow upstream), as shipped
edge() { # port upstream
  "${SERVER_CPU[@]}" java -Xms512m -Xmx512m ${EDGE_OPTS:-} -jar "$JAR" --server.port="$1" --edge.upstream="$2" --edge.region=bench \
    --spring.main.banner-mode=off --logging.level.root=warn >"$WORK/edge-$1.log" 2>&1 &
  PIDS+=($!)
}
edge $P_EDGE http://127.0.0.1:$P_ORIGIN
edge $P_EDGE_SLOW http://127.0.0.1:$P_SLOW
wait_for http://127.0.0.1:$P_EDGE/actuator/health/readiness
wait_for http://127.0.0.1:$P_EDGE_SLOW/actuator/health/readiness
for port in $P_NGINX $P_EDGE; do
  curl -fsI "http://127.0.0.1:$port/tracks/bench/a128/index.m3u8" | grep -qi '^x-cache' || { echo "port $port is not ours" >&2; exit 1; }
done

PLAYLIST=/tracks/bench/a128/index.m3u8
echo "$PLAYLIST" >"$WORK/playlist.txt"
# fill both caches: every measured request below is a hit
for port in $P_NGINX $P_EDGE; do
  while read -r path; do curl -fs -o /dev/null "http://127.0.0.1:$port$path"; done <"$WORK/content/hits.txt"
  curl -fs -o /dev/null "http://127.0.0.1:$port$PLAYLIST"
done

measure() { # port paths-file seconds [pause_ms after each answer]
  WRK_PAUSE_MS=${4:-} LD_PRELOAD="$WORK/wrk-mss.so" timeout $(($3 + 30)) "${CLIENT_CPU[@]}" wrk -t$THREADS -c"$CONNECTIONS" -d"$3"s --timeout 5s -s $BENCH/wrk-report.lua \
    "http://127.0.0.1:$1" -- "$2" | awk '/^RESULT/ { print $2, $3, $4, $5, $6 }'
}

# ROUNDS measurements per server and workload, alternating which server goes first, so
# load from elsewhere on this shared machine drifting during the run hits both alike;
# each figure reported is the median over the rounds (errors are summed)
declare -A R
for kind in segment paced playlist; do
  file="$WORK/content/hits.txt"
  [ "$kind" = playlist ] && file="$WORK/playlist.txt"
  pause=
  [ "$kind" = paced ] && pause=$PACE_MS
  for port in $P_NGINX $P_EDGE; do measure $port "$file" 3 "$pause" >/dev/null; done # warm-up (JIT, connections)
  : >"$WORK/$kind-nginx.txt"
  : >"$WORK/$kind-edge.txt"
  for round in $(seq 1 "$ROUNDS"); do
    order="nginx edge"
    [ $((round % 2)) -eq 0 ] && order="edge nginx"
    for server in $order; do
      port=$P_NGINX
      [ "$server" = edge ] && port=$P_EDGE
      line=$(measure $port "$file" "$DURATION" "$pause")
      echo "$line" >>"$WORK/$kind-$server.txt"
      echo "$kind $server round $round: $line (req/s p50_ms p99_ms non2xx errors; load $(cut -d' ' -f1 /proc/loadavg))" >&2
    done
  done
  for server in nginx edge; do R[$kind-$server]=$(median <"$WORK/$kind-$server.txt"); done
done

# coalesced waiters: 10 measured rounds on objects neither cache holds, after 31 warm-up
# rounds on others (the JVM's miss path is otherwise measured before the JIT has compiled
# it: a production edge runs it all day). The second edge JVM also first gets the hit
# traffic the first one had, and as long of conditional requests, which bypass the hit
# fast path and take the full (Spring) path that waiters are answered on.
WARMUP_ROUNDS=31
curl -fs -o /dev/null "http://127.0.0.1:$P_EDGE_SLOW$PLAYLIST"
measure $P_EDGE_SLOW "$WORK/playlist.txt" "$DURATION" >/dev/null
LD_PRELOAD="$WORK/wrk-mss.so" timeout $((DURATION + 30)) "${CLIENT_CPU[@]}" wrk -t$THREADS -c"$CONNECTIONS" -d"$DURATION"s \
  -H 'If-Match: *' -s $BENCH/wrk-report.lua "http://127.0.0.1:$P_EDGE_SLOW" -- "$WORK/playlist.txt" >/dev/null
sed -n "2,$((WARMUP_ROUNDS + 11))p" "$WORK/content/misses.txt" >"$WORK/misses-nginx.txt"
sed -n "$((WARMUP_ROUNDS + 12)),$((2 * WARMUP_ROUNDS + 21))p" "$WORK/content/misses.txt" >"$WORK/misses-edge.txt"
# the upstream's own latency as the same client sees it: one request at a time, 10 times
yes "$(sed -n 1p "$WORK/content/misses.txt")" | head -n 11 >"$WORK/direct.txt" || true
waiters() { # port paths rounds clients [warm-up rounds]
  timeout 300 "${CLIENT_CPU[@]}" java $BENCH/Waiters.java "$@" | awk '/^WAITERS/ { print $2, $3, $4 }'
}
W_DIRECT=$(waiters $P_SLOW "$WORK/direct.txt" 11 1)
W_NGINX=$(waiters $P_NGINX_SLOW "$WORK/misses-nginx.txt" $((WARMUP_ROUNDS + 10)) 50 $WARMUP_ROUNDS)
W_EDGE=$(waiters $P_EDGE_SLOW "$WORK/misses-edge.txt" $((WARMUP_ROUNDS + 10)) 50 $WARMUP_ROUNDS)
fetches() { # paths file: upstream fetches per path, max over paths
  while read -r path; do grep -cxF "$path" "$WORK/slow-origin.log" || true; done <"$1" | sort -n | tail -n 1
}
F_NGINX=$(fetches "$WORK/misses-nginx.txt")
F_EDGE=$(fetches "$WORK/misses-edge.txt")
echo "upstream alone: $W_DIRECT (p50 p99 max ms)" >&2
echo "waiters nginx: $W_NGINX (p50 p99 max ms), most fetches of one object: $F_NGINX" >&2
echo "waiters edge: $W_EDGE (p50 p99 max ms), most fetches of one object: $F_EDGE" >&2

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
field() { echo "$1" | awk -v n="$2" '{ print $n }'; }

echo
echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(nproc) cores, $(lscpu | grep 'Model name' | sed 's/Model name: *//'); $("$NGINX" -v 2>&1 | sed 's#nginx version: ##'), $(java -version 2>&1 | head -n 1); wrk -t$THREADS -c$CONNECTIONS -d${DURATION}s (paced: ${PACE_MS} ms pause after each answer), median of $ROUNDS alternating rounds; PIN=$PIN${EDGE_OPTS:+, EDGE_OPTS=$EDGE_OPTS}; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| workload | nginx | edge | edge/nginx |"
echo "| --- | --- | --- | --- |"
for kind in segment paced playlist; do
  n=${R[$kind-nginx]}; e=${R[$kind-edge]}
  label="64 KiB segment hits"
  [ "$kind" = paced ] && label="64 KiB segment hits, paced to one rate"
  [ "$kind" = playlist ] && label="~1 KiB playlist hits"
  echo "| $label: req/s | $(field "$n" 1) | $(field "$e" 1) | **$(ratio "$(field "$e" 1)" "$(field "$n" 1)")×** |"
  echo "| $label: p50 ms | $(field "$n" 2) | $(field "$e" 2) | $(ratio "$(field "$e" 2)" "$(field "$n" 2)")× |"
  echo "| $label: p99 ms | $(field "$n" 3) | $(field "$e" 3) | **$(ratio "$(field "$e" 3)" "$(field "$n" 3)")×** |"
  echo "| $label: non-2xx / socket errors | $(field "$n" 4) / $(field "$n" 5) | $(field "$e" 4) / $(field "$e" 5) | |"
done
echo "| upstream alone (one client, 200 ms delay): p50 ms | $(field "$W_DIRECT" 1) | $(field "$W_DIRECT" 1) | |"
echo "| 50 coalesced waiters, upstream 200 ms: p50 ms | $(field "$W_NGINX" 1) | $(field "$W_EDGE" 1) | **$(ratio "$(field "$W_EDGE" 1)" "$(field "$W_NGINX" 1)")×** |"
echo "| 50 coalesced waiters, upstream 200 ms: p99 ms | $(field "$W_NGINX" 2) | $(field "$W_EDGE" 2) | $(ratio "$(field "$W_EDGE" 2)" "$(field "$W_NGINX" 2)")× |"
echo "| 50 coalesced waiters: most upstream fetches of one object | $F_NGINX | $F_EDGE | |"
