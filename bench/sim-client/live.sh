#!/usr/bin/env bash
# Live streams (issue 19): N listeners join the live channel together (--join-interval 0s,
# one region) and play it in real time for LIVE_SECONDS, DISTANCE segments behind its live
# edge, once per arm, the arms side by side in one run: "on" (P2P with claims, the default)
# and "off" (P2P off, the control arm). Prints one line per run and, per size, whether it
# meets the issue's target: peer share >= 70 %, 0 stalls, startup p50 and rebuffering no
# worse than the off arm (within 10 % + 10 ms). Starts the cluster with its live channel
# (./cdn up --live) unless one with a live track runs; leaves the cluster as it found it.
#
# usage: bench/sim-client/live.sh ["10 50" sizes] ["on off" arms]
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZES=${1:-10 50}
ARMS=${2:-on off}
LIVE_SECONDS=${LIVE_SECONDS:-60}
DISTANCE=${DISTANCE:-3}
WORK=$(mktemp -d /tmp/live.XXXXXX)

started_cluster=0
if ! curl -fs http://localhost:8080/actuator/health/readiness >/dev/null 2>&1; then
  ./cdn up --live >/dev/null
  started_cluster=1
fi
cleanup() { [ "$started_cluster" = 1 ] && ./cdn down >/dev/null || true; }
trap cleanup EXIT
if ! curl -fs http://localhost:8081/v1/catalog | grep -q '"live":true'; then
  echo "the running cluster has no live track: ./cdn down, then run this again (it starts ./cdn up --live)" >&2
  exit 2
fi
# the channel's window fills in its first segments (4 s each)
for _ in $(seq 30); do
  # signed as the router signs it (./cdn up requires signed URLs at origin and edges)
  signature=$(curl -fs 'http://localhost:8080/v1/route?track=live-radio' | sed -n 's/.*"urlSignature":"\([^"]*\)".*/\1/p')
  [ "$(curl -fs "http://localhost:8081/tracks/live-radio/a64/index.m3u8${signature:+?$signature}" | grep -c '^/segments/')" -ge 3 ] && break
  sleep 1
done

JAR=$(ls sim-client/target/sim-client-*-exec.jar | head -n 1)
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) vCPU, $(lscpu | sed -n 's/^Model name: *//p'), live-radio, ${LIVE_SECONDS} s each, $DISTANCE segments behind the edge"

printf '%-4s %-4s %8s %8s %9s %9s %8s %6s %8s\n' N arm peer% ceiling% p50_ms p95_ms rebuf% stalls edge_MiB
for n in $SIZES; do
  for arm in $ARMS; do
    report="$WORK/$n-$arm.json"
    timeout 600 java -jar "$JAR" --router http://localhost:8080 --region us-east --clients "$n" --live \
      --live-seconds "$LIVE_SECONDS" --live-distance "$DISTANCE" --join-interval 0s --p2p "$arm" \
      --report "$report" >"$WORK/$n-$arm.txt" 2>&1 || true
    python3 - "$report" "$n" "$arm" <<'PY'
import json, sys
path, n, arm = sys.argv[1], int(sys.argv[2]), sys.argv[3]
try:
    r = json.load(open(path))
except OSError:
    print(f"{n:<4} {arm:<4} (no report)")
    sys.exit()
b = r["bytes"]
print(f"{n:<4} {arm:<4} {100 * r['peerHitRatio']:8.1f} {100 * (n - 1) / n:8.1f} "
      f"{r['startupMs']['p50']:9d} {r['startupMs']['p95']:9d} {100 * r['rebufferRatio']:8.2f} "
      f"{r['rebufferEvents']:6d} {b['edge'] / 1048576:8.2f}")
PY
  done
done | tee "$WORK/table.txt"

python3 - "$WORK/table.txt" <<'PY'
import sys
rows = {}
for line in open(sys.argv[1]):
    f = line.split()
    if len(f) == 9 and f[0].isdigit():
        rows[(f[0], f[1])] = f
verdicts = []
for n in sorted({k[0] for k in rows}, key=int):
    on, off = rows.get((n, "on")), rows.get((n, "off"))
    if not on:
        continue
    ok = float(on[2]) >= 70 and on[7] == "0"
    if off:
        ok = ok and int(on[4]) <= 1.1 * int(off[4]) + 10 and float(on[6]) <= float(off[6])
    verdicts.append(f"N={n}: {'meets' if ok else 'misses'}")
print("targets (peer >= 70 %, 0 stalls, startup p50 and rebuffer no worse than off): " + "; ".join(verdicts))
PY
