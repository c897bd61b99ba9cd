#!/usr/bin/env bash
# The compose stack's start-up time and memory (issue: containers, docker-compose, Helm):
#  1. time from `docker-compose up -d` to the first segment played through it, as a player
#     on this machine gets it: the router's route, the first edge's master and media
#     playlists, the first media segment (SHA-256 = its id), polled every 0.5 s;
#  2. resident memory of every container at idle (30 s after that);
#  3. the same during a swarm of SWARM listeners (5 sim-client containers, 60 s in).
#
#   bench/compose/run.sh [SWARM]     (default 20; images from docker/build-images.sh)
#
# The stack runs as project "cdnbench" on the default ports; it is taken down (-v) at the
# end. Prints one Markdown table for bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
SWARM=${1:-20}
CONTAINERS=5
export COMPOSE_PROJECT_NAME=cdnbench
ENV_FILE=()
[ -n "$(docker images -q hybrid-cdn/redis:7 2>/dev/null)" ] && ENV_FILE=(--env-file docker/local.env)
compose() { docker-compose "${ENV_FILE[@]}" "$@"; }
trap 'compose down -v >/dev/null 2>&1 || true' EXIT
compose down -v >/dev/null 2>&1 || true

TRACK=concert-pitch
now() { date +%s.%N; }
first_segment() {
  local route edge master media segment
  route=$(curl -fsS --max-time 2 "http://localhost:8080/v1/route?region=us-east&track=$TRACK") || return 1
  edge=$(sed -n 's/.*"edges":\[{"url":"http:\/\/\([a-z-]*\):8082".*/\1/p' <<<"$route")
  case "$edge" in
    edge-us-east) edge=http://localhost:8082 ;; edge-eu-west) edge=http://localhost:8083 ;;
    edge-ap-south) edge=http://localhost:8084 ;; *) return 1 ;;
  esac
  master=$(curl -fsS --max-time 2 "$edge/tracks/$TRACK/master.m3u8") || return 1
  media=$(grep -v '^#' <<<"$master" | head -n 1)
  segment=$(curl -fsS --max-time 2 "$edge/tracks/$TRACK/$media" | grep '^/segments/' | head -n 1) || return 1
  [ -n "$segment" ] || return 1
  local id=${segment#/segments/}
  id=${id%%.*}
  [ "$(curl -fsS --max-time 2 "$edge$segment" | sha256sum | cut -d' ' -f1)" = "$id" ]
}
memory_table() {
  docker stats --no-stream --format '{{.Name}}\t{{.MemUsage}}' | grep "^${COMPOSE_PROJECT_NAME}_" \
    | sed "s/^${COMPOSE_PROJECT_NAME}_//; s/_1\t/\t/; s/ \/.*//" | sort
}
to_mib() { awk '{v=$2; if (v ~ /GiB/) {sub(/GiB/,"",v); v*=1024} else if (v ~ /MiB/) {sub(/MiB/,"",v)} else if (v ~ /KiB/) {sub(/KiB/,"",v); v/=1024} printf "%s\t%.0f\n", $1, v}'; }

start=$(now)
compose up -d --scale sim-client=0 >/tmp/cdnbench-up.log 2>&1 &
up_pid=$!
until first_segment 2>/dev/null; do
  sleep 0.5
  if [ "$(echo "$(now) - $start > 600" | bc)" = 1 ]; then echo "no segment within 10 min" >&2; exit 1; fi
done
first=$(echo "$(now) - $start" | bc)
wait $up_pid
sleep 30
memory_table | to_mib >/tmp/cdnbench-idle.tsv

SIM_LISTENERS=$(( SWARM / CONTAINERS )) SIM_JOIN_INTERVAL=1s compose up -d --scale sim-client=$CONTAINERS \
  >/tmp/cdnbench-swarm.log 2>&1
sleep 60
memory_table | to_mib >/tmp/cdnbench-swarm.tsv
peer=$(curl -fsS http://localhost:9090/api/v1/query --data-urlencode \
  'query=sum(cdn_client_segment_bytes_total{source="peer"}) / sum(cdn_client_segment_bytes_total)' \
  | sed -n 's/.*"value":\[[0-9.]*,"\([0-9.]*\)".*/\1/p')

printf 'first segment %.1f s after docker-compose up; peer share during the swarm %.1f %%\n\n' "$first" "$(echo "${peer:-0} * 100" | bc -l)"
echo "| container | idle MiB | during a $SWARM-listener swarm MiB |"
echo "| --- | ---: | ---: |"
join -t $'\t' -a 2 -e - -o 0,1.2,2.2 <(sort /tmp/cdnbench-idle.tsv) <(sort /tmp/cdnbench-swarm.tsv) \
  | awk -F'\t' '{printf "| %s | %s | %s |\n", $1, $2, $3; if ($2 != "-") i+=$2; s+=$3} END {printf "| **all** | **%d** | **%d** |\n", i, s}'
