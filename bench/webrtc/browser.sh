#!/usr/bin/env bash
# A Java listener's WebRTC with a headless Chromium on the web player and with another Java
# listener, side by side in one run (BrowserPeerBench, a main in cdn-demo's test sources):
# the first segment from a new listener's join (signaling, ICE, DTLS, SCTP, the request) and
# one connection's throughput over a whole track's a256 segments, each checked. Starts its
# own origin (ffmpeg ladder), edge, tracker, signaling and router processes on free ports.
#   bench/webrtc/browser.sh [ROUNDS=10] [PASSES=5]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
command -v chromedriver >/dev/null || { echo "browser.sh: apt-get install chromium chromium-driver" >&2; exit 2; }
ls router-service/target/router-service-*.jar >/dev/null 2>&1 ||
  { echo "browser.sh: build first: ./mvnw -DskipTests package" >&2; exit 2; }
./mvnw -q -pl cdn-demo test-compile >/dev/null
classpath=$(./mvnw -q -pl cdn-demo dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout)
cd cdn-demo
exec timeout 900 java -Xmx512m -cp "target/test-classes:target/classes:$classpath" cdn.demo.it.BrowserPeerBench "$@"
