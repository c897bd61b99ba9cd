#!/usr/bin/env bash
# Packages an audio file into the CDN's HLS ladder (a64, a128, a256 AAC in fMP4, ~4 s
# segments named by their SHA-256) inside an origin store directory.
#
# This script has no ffmpeg arguments of its own on purpose: it runs the origin's
# command-line ingest, the same Java code as `POST /v1/tracks`, so the two cannot drift.
#
#   ffmpeg-scripts/make-hls.sh --title "Night Drive" [--track-id night-drive] [--storage data/origin] song.flac
#
# ffmpeg comes from PATH, or from the origin's bundled build when PATH has none.
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)

find_jar() {
  ls "$root"/origin-service/target/origin-service-*.jar 2>/dev/null | grep -v -- '-plain\|\.original' | head -n 1 || true
}

jar=$(find_jar)
if [ -z "$jar" ]; then
  echo "Building origin-service (first run only)..." >&2
  (cd "$root" && ./mvnw -q -B -pl origin-service -am -DskipTests package) >&2
  jar=$(find_jar)
fi

exec java -jar "$jar" ingest "$@"
