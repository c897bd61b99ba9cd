#!/usr/bin/env bash
# Flash crowds and lockstep listeners (issue 19): for each swarm size N and join interval J,
# the swarm command (one region, one track, speed 2, to the end of the track) once per arm,
# the arms side by side in one run: "on" (P2P with claims, the default), "noclaims" (P2P,
# --claims 0: every listener decides alone), "off" (P2P off, the control arm). Prints one
# line per run and, per shape, whether it meets the issue's targets: peer share >= 0.8 x
# (N-1)/N, 0 stalls, startup p50 and rebuffering no worse than the off arm ("no worse":
# within 10 % + 10 ms, the spread of one arm's p50 between runs on this machine). Startup is
# in playback ms (speed 2: twice the wall time). Leaves the cluster as it found it.
#
# usage: bench/sim-client/flash-crowd.sh ["4 10 50" sizes] ["0s 1s 5s" joins] ["on off" arms]
set -euo pipefail
cd "$(dirname "$0")/../.."
SIZES=${1:-4 10 50}
JOINS=${2:-0s 1s 5s}
ARMS=${3:-on off}
TRACK=${TRACK:-concert-pitch}
SPEED=${SPEED:-2}
WORK=$(mktemp -d /tmp/flash-crowd.XXXXXX)

started_cluster=0
if ! curl -fs http://localhost:8080/actuator/health/readiness >/dev/null 2>&1; then
  ./cdn up >/dev/null
  started_cluster=1
fi
cleanup() { [ "$started_cluster" = 1 ] && ./cdn down >/dev/null || true; }
trap cleanup EXIT

JAR=$(ls sim-client/target/sim-client-*-exec.jar | head -n 1)
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) vCPU, $(lscpu | sed -n 's/^Model name: *//p'), track $TRACK, speed $SPEED"
# one untimed run first: the edge caches the track, so every arm meets a warm edge
java -jar "$JAR" --router http://localhost:8080 --region us-east --clients 1 --track "$TRACK" \
  --speed 8 >/dev/null 2>&1 || true

printf '%-4s %-5s %-9s %8s %8s %9s %9s %8s %6s %8s\n' N join arm peer% ceiling% p50_ms p95_ms rebuf% stalls edge_MiB
for n in $SIZES; do
  for join in $JOINS; do
    for arm in $ARMS; do
      case $arm in
        on) args=(--p2p on) ;;
        noclaims) args=(--p2p on --claims 0) ;;
        off) args=(--p2p off) ;;
        *) echo "unknown arm $arm" >&2; exit 2 ;;
      esac
      report="$WORK/$n-$join-$arm.json"
      timeout 900 java -jar "$JAR" --router http://localhost:8080 --region us-east --clients "$n" \
        --track "$TRACK" --join-interval "$join" --speed "$SPEED" "${args[@]}" --report "$report" \
        >"$WORK/$n-$join-$arm.txt" 2>&1 || true
      python3 - "$report" "$n" "$join" "$arm" <<'PY'
import json, sys
path, n, join, arm = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
try:
    r = json.load(open(path))
except OSError:
    print(f"{n:<4} {join:<5} {arm:<9} (no report)")
    sys.exit()
b = r["bytes"]
print(f"{n:<4} {join:<5} {arm:<9} {100 * r['peerHitRatio']:8.1f} {100 * (n - 1) / n:8.1f} "
      f"{r['startupMs']['p50']:9d} {r['startupMs']['p95']:9d} {100 * r['rebufferRatio']:8.2f} "
      f"{r['rebufferEvents']:6d} {b['edge'] / 1048576:8.2f}")
PY
    done
  done
done | tee "$WORK/table.txt"

# per shape: the issue's targets, the "on" arm against the "off" arm of the same run
python3 - "$WORK/table.txt" <<'PY'
import sys
rows = {}
for line in open(sys.argv[1]):
    f = line.split()
    if len(f) == 10 and f[0].isdigit():
        rows[(f[0], f[1], f[2])] = f
shapes = sorted({(k[0], k[1]) for k in rows}, key=lambda s: (int(s[0]), s[1]))
verdicts = []
for n, join in shapes:
    on, off = rows.get((n, join, "on")), rows.get((n, join, "off"))
    if not on:
        continue
    share, ceiling = float(on[3]), float(on[4])
    ok = share >= 0.8 * ceiling and on[8] == "0"
    if off:
        ok = ok and int(on[5]) <= 1.1 * int(off[5]) + 10 and float(on[7]) <= float(off[7])
    verdicts.append(f"N={n} join={join}: {'meets' if ok else 'misses'}")
print("targets (peer >= 0.8 x ceiling, 0 stalls, startup p50 and rebuffer no worse than off): "
      + "; ".join(verdicts))
PY
