#!/usr/bin/env bash
# Tracker throughput with listener tokens required against none (issue 16), side by side:
# bench/tracker/run.sh twice on the same store and peers (TOKENS=0, then TOKENS=1), then
# each request kind's requests/s and tracker CPU per request, and the ratio on/off.
# Goal: under 5 % lower throughput with security on.
#
# Usage (from the repository root, after ./mvnw -pl tracker-service -am install -DskipTests):
#   bench/tracker/security.sh [memory|redis]
# Knobs: those of run.sh; PEERS defaults to 20000 here (each peer's token is made first);
#        ARMS="on off" runs the arm with tokens first (default "off on").
set -euo pipefail
STORE=${1:-memory}
HERE=$(cd "$(dirname "$0")" && pwd)
export PEERS=${PEERS:-20000}
OUT=${OUT:-${TMPDIR:-/tmp}/tracker-security}
mkdir -p "$OUT"
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) vCPU, $(lscpu | sed -n 's/^Model name: *//p'), store $STORE, $PEERS peers"
for arm in ${ARMS:-off on}; do
	tokens=0
	[ "$arm" = on ] && tokens=1
	echo "== arm: tokens $arm"
	OUT="$OUT/$arm" TOKENS=$tokens "$HERE/run.sh" "$STORE" | tee "$OUT/$arm.txt"
done

# "== name" then its "Requests/sec:" and "tracker CPU per request: X us" lines
figures() {
	awk '/^== / { name = $2 } /Requests\/sec:/ { rps[name] = $2 } /tracker CPU per request:/ { cpu[name] = $5 }
		END { for (n in rps) print n, rps[n], cpu[n] }' "$1" | sort
}
echo
echo "request kind      off req/s   on req/s   on/off   CPU us/request off -> on"
join <(figures "$OUT/off.txt") <(figures "$OUT/on.txt") | while read -r name off_rps off_cpu on_rps on_cpu; do
	printf "%-16s %10s %10s %8.3f   %s -> %s\n" "$name" "$off_rps" "$on_rps" "$(echo "$on_rps / $off_rps" | bc -l)" "$off_cpu" "$on_cpu"
done
grep -h "Non-2xx" "$OUT/on.txt" && echo "(non-2xx answers with tokens on: see $OUT/on)" || echo "every request with tokens on answered 2xx"
