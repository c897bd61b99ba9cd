#!/usr/bin/env bash
# Side by side in real browsers: our web player's P2P against p2p-media-loader 2.x (Novage)
# + hls.js + a local bittorrent-tracker, on the same media (rising-arpeggio, 120 s, held
# at a128) from the same edge. N headless Chromiums per arm (own profiles, SPACING s apart),
# each playing SECONDS from its navigation. Our arm first, then p2pml's.
#
#   bench/browser/run.sh N SECONDS        (N: 1..6 viewers; README.md beside this file)
#
# Starts the local cluster with ./cdn up when :8080 does not answer and stops it at the
# end (a running one is used and left running). Installs its npm packages (pinned,
# package.json + package-lock.json) into bench/browser/.work on first run. The last line:
#   ours: p2p_ratio=0.xx startup_p50_ms=NNN stalls=N | p2pml: p2p_ratio=0.xx startup_p50_ms=NNN stalls=N
# Environment: CHROMIUM (default /usr/bin/chromium), BENCH_SPACING (3), BENCH_TRACK
# (rising-arpeggio), BENCH_RENDITION (a128), BENCH_ROUNDS (1: the arms run R times each,
# alternating which goes first, and the figures are over every round's viewers: one
# Chromium's start varies by hundreds of milliseconds on a busy machine).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
work="$here/.work"

die() { echo "run.sh: $*" >&2; exit 2; }
say() { echo "== $*" >&2; }

viewers=${1:-}
window=${2:-}
[[ "$viewers" =~ ^[0-9]+$ ]] && [ "$viewers" -ge 1 ] && [ "$viewers" -le 6 ] ||
  die "usage: run.sh N SECONDS (N viewers per arm, 1..6: at most 6 Chromiums at once)"
[[ "$window" =~ ^[0-9]+$ ]] && [ "$window" -ge 10 ] && [ "$window" -le 600 ] ||
  die "usage: run.sh N SECONDS (SECONDS of playback per viewer, 10..600)"
spacing=${BENCH_SPACING:-3}
track=${BENCH_TRACK:-rising-arpeggio}
rendition=${BENCH_RENDITION:-a128}
chromium=${CHROMIUM:-/usr/bin/chromium}
router=http://localhost:8080
[[ "$spacing" =~ ^[0-9]+$ ]] || die "BENCH_SPACING must be whole seconds"
rounds=${BENCH_ROUNDS:-1}
[[ "$rounds" =~ ^[0-9]+$ ]] && [ "$rounds" -ge 1 ] && [ "$rounds" -le 10 ] || die "BENCH_ROUNDS must be 1..10"

# --- prerequisites, one line each -------------------------------------------------------
[ -x "$chromium" ] || die "Chromium not found at $chromium (apt-get install chromium, or set CHROMIUM)"
command -v node >/dev/null 2>&1 || die "node not found (Node 18 or newer: apt-get install nodejs npm)"
node_major=$(node -p 'process.versions.node.split(".")[0]')
[ "$node_major" -ge 18 ] || die "Node 18 or newer is required (found $(node --version))"
command -v npm >/dev/null 2>&1 || die "npm not found (apt-get install npm)"
command -v curl >/dev/null 2>&1 || die "curl not found (apt-get install curl)"
command -v timeout >/dev/null 2>&1 || die "timeout (coreutils) not found"

mkdir -p "$work"
started_cluster=false
cleanup() {
  local status=$?
  if [ "$started_cluster" = true ]; then
    say "stopping the cluster this run started (./cdn down)"
    (cd "$root" && ./cdn down >>"$work/cdn.log" 2>&1) || echo "run.sh: ./cdn down failed (log: $work/cdn.log)" >&2
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if curl -fs -m 3 "$router/actuator/health/readiness" >/dev/null 2>&1; then
  say "using the cluster already running at $router (left running; its tracker and signaling keep whatever earlier runs left)"
else
  command -v java >/dev/null 2>&1 || die "the cluster is not running at $router and java (17+) is not on PATH to start it"
  for module in origin-service edge-cache-service tracker-service signaling-service router-service; do
    ls "$root/$module"/target/"$module"-*.jar >/dev/null 2>&1 ||
      die "$module has no jar in $module/target: build first (./mvnw -DskipTests package)"
  done
  say "starting a fresh cluster: ./cdn up (a minute or so; log: $work/cdn.log)"
  started_cluster=true
  (cd "$root" && ./cdn up >"$work/cdn.log" 2>&1) || die "./cdn up failed (log: $work/cdn.log)"
  curl -fs -m 5 "$router/actuator/health/readiness" >/dev/null 2>&1 || die "the cluster did not answer at $router after ./cdn up (log: $work/cdn.log)"
fi

# --- npm packages (pinned), into .work ----------------------------------------------------
stamp="$work/node_modules/.bench-installed"
wanted=$(cat "$here/package.json" "$here/package-lock.json" | cksum)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$wanted" ]; then
  say "installing npm packages into $work (puppeteer-core, p2p-media-loader-core/-hlsjs, hls.js, bittorrent-tracker)"
  cp "$here/package.json" "$here/package-lock.json" "$work/"
  # no install scripts: nothing here needs one (bittorrent-tracker's client-side WebRTC
  # polyfill would try to download a native build; the tracker server does not use it)
  (cd "$work" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error >"$work/npm.log" 2>&1) ||
    die "npm ci failed (log: $work/npm.log)"
  echo "$wanted" >"$stamp"
fi

# --- the media, the edge, STUN --------------------------------------------------------------
route=$(curl -fs -m 5 "$router/v1/route?track=$track") || die "the router did not answer /v1/route at $router"
edge=$(node -e 'const r = JSON.parse(process.argv[1]); const e = r.edges.find((x) => x.healthy); process.stdout.write(e ? e.url : "")' "$route")
signaling=$(node -e 'process.stdout.write(JSON.parse(process.argv[1]).signaling ?? "")' "$route")
# the route's signature of the track's URLs (edges of ./cdn up require one; null when not)
signature=$(node -e 'process.stdout.write(JSON.parse(process.argv[1]).urlSignature ?? "")' "$route")
[ -n "$edge" ] || die "the router names no healthy edge: $route"
[ -n "$signaling" ] || die "the router names no signaling service (our P2P needs it): $route"
playlist=$(curl -fs -m 10 "$edge/tracks/$track/$rendition/index.m3u8${signature:+?$signature}") ||
  die "$edge has no $track/$rendition (is $track in the catalog? curl $edge/tracks/$track/master.m3u8)"

# Both arms read the same edge warm: every segment of the rendition once through it first.
warm_segments=0
warm_bytes=0
for uri in $(printf '%s\n' "$playlist" | sed -n -e '/^#EXT-X-MAP:/{s/.*URI="\([^"]*\)".*/\1/p;d;}' -e '/^[^#]/p'); do
  case "$uri" in http*) url=$uri ;; /*) url=$edge$uri ;; *) url=$edge/tracks/$track/$rendition/$uri ;; esac
  bytes=$(curl -fs -m 10 -o /dev/null -w '%{size_download}' "$url") || die "warm-up: $url failed"
  warm_segments=$((warm_segments + 1))
  warm_bytes=$((warm_bytes + bytes))
done
say "edge $edge warmed: $warm_segments segments of $track/$rendition, $warm_bytes bytes"

ice_url=$(node -e 'const u = new URL("/v1/ice-servers", process.argv[1].replace(/^ws/, "http")); u.searchParams.set("peerId", "b-bench"); process.stdout.write(u.href)' "$signaling")

# A JVM answers its first requests slowly (classes loading, code not yet compiled); a CDN's
# servers are warm. Our arm's servers (router pages and modules, route, tracker, signaling's
# ice-servers) get 200 rounds of the requests a page makes first; p2pml's page server and
# tracker are Node processes started with its arm.
tracker=$(node -e 'process.stdout.write(JSON.parse(process.argv[1]).tracker ?? "")' "$route")
first_segment=$(printf '%s\n' "$playlist" | grep -m1 '^/segments/' | sed 's:^/segments/\([0-9a-f]*\)\..*:\1:')
warm_urls=("$router/listen/$track?rendition=$rendition" "$router/v1/route?track=$track"
  "${ice_url:-}" )
for file in $(curl -fs -m 5 "$router/listen/$track" | sed -n 's:.*modulepreload" href="\([^"]*\)".*:\1:p'); do
  warm_urls+=("$router$file")
done
for _ in $(seq 1 200); do
  curl -fs -m 5 "${warm_urls[@]}" >/dev/null 2>&1 || true
  curl -fs -m 5 -o /dev/null -H 'Content-Type: application/json' \
    -d "{\"segments\":[\"$first_segment\"],\"region\":\"us-east\",\"count\":20}" "$tracker/v1/peers/lookup" || true
done
say "router, tracker and signaling warmed (200 rounds of a page's first requests)"

# p2pml gets the STUN server our signaling hands our pages (coturn on loopback), no TURN;
# none when signaling names none
stun=$({ curl -fs -m 5 "$ice_url" || true; } | node -e '
  let s = "";
  process.stdin.on("data", (d) => { s += d; }).on("end", () => {
    try { process.stdout.write(JSON.parse(s).iceServers.flatMap((i) => [].concat(i.urls)).find((u) => u.startsWith("stun:")) ?? ""); } catch {}
  });')
say "p2pml's iceServers: ${stun:-none}"

results="$work/results/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$results"
arm_timeout=$((window + (viewers - 1) * spacing + 120))
say "$viewers viewer(s) per arm, $spacing s apart, $window s each, $rounds round(s), $track/$rendition from $edge; results in $results"

run_arm() {
  local arm=$1 round=$2
  shift 2
  say "arm $arm, round $round of $rounds"
  local status=0 out="$results/$arm-$round"
  timeout --kill-after=15 "$arm_timeout" node "$here/driver.mjs" --arm "$arm" --viewers "$viewers" --seconds "$window" \
    --spacing "$spacing" --warmup 6 --track "$track" --rendition "$rendition" --router "$router" --out "$out.json" "$@" \
    2> >(tee "$out.log" >&2) || status=$?
  [ "$status" = 0 ] || die "arm $arm failed (exit $status$([ "$status" = 124 ] && echo ": over its ${arm_timeout} s limit"); log: $out.log)"
}

for round in $(seq 1 "$rounds"); do
  # odd rounds ours first, even rounds p2pml first: a drift of the machine hits both
  if [ $((round % 2)) = 1 ]; then
    run_arm ours "$round"; sleep 2; run_arm p2pml "$round" --edge "$edge" ${stun:+--stun "$stun"} ${signature:+--signature "$signature"}
  else
    run_arm p2pml "$round" --edge "$edge" ${stun:+--stun "$stun"} ${signature:+--signature "$signature"}; sleep 2; run_arm ours "$round"
  fi
  sleep 2
done

node "$here/summary.mjs" "$results"/ours-*.json "$results"/p2pml-*.json >"$results/summary.txt" ||
  die "summing up failed ($results)"
# the cluster goes down before the summary, so that its line is the last one printed
if [ "$started_cluster" = true ]; then
  say "stopping the cluster this run started (./cdn down)"
  started_cluster=false
  (cd "$root" && ./cdn down >>"$work/cdn.log" 2>&1) || echo "run.sh: ./cdn down failed (log: $work/cdn.log)" >&2
fi
cat "$results/summary.txt"
