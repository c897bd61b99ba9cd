#!/usr/bin/env bash
# JMH: what security costs per request (issue 16): issuing, verifying (once, and through
# the cache every later request does) listener tokens; signing and checking signed URLs.
# Usage (from the repository root, after ./mvnw -pl cdn-service-kit -am install -DskipTests):
#   bench/security/run.sh            # JMH_ARGS overrides the JMH options below
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=${OUT:-${TMPDIR:-/tmp}/security-bench}
mkdir -p "$OUT/classes"
"$ROOT/mvnw" -q -f "$HERE/pom.xml" dependency:build-classpath -Dmdep.outputFile="$OUT/classpath" >/dev/null
CP=$(cat "$OUT/classpath")
javac -cp "$CP" -processorpath "$CP" -d "$OUT/classes" "$HERE/src/cdn/bench/SecurityBench.java"
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) vCPU, $(lscpu | sed -n 's/^Model name: *//p'), $(java -version 2>&1 | head -n 1)"
# shellcheck disable=SC2086 # JMH_ARGS is a list of options
java -cp "$OUT/classes:$CP" org.openjdk.jmh.Main cdn.bench.SecurityBench ${JMH_ARGS:--f 1 -wi 3 -w 2s -i 5 -r 2s}
