#!/usr/bin/env bash
# Java WebRTC peers (client-webrtc, issue 15) side by side with the HTTP peer transport, two
# listeners of one JVM on this machine:
#   - first_segment_ms: from the asker's signaling connect (WebRTC: join, offer/answer, ICE,
#     DTLS, SCTP; HTTP: a new TCP connection) to a 64 KiB segment's last byte, checked;
#   - throughput_MBps: one channel (one connection) fetching large segments in a row.
# The real signaling-service runs from its jar. Usage:
#   bench/webrtc/run.sh [CONNECTIONS=20] [MEGABYTES=4] [ROUNDS=10]
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
cd "$root"
ls signaling-service/target/signaling-service-*.jar >/dev/null 2>&1 ||
  { echo "run.sh: build first: ./mvnw -DskipTests package" >&2; exit 2; }
./mvnw -q -pl client-webrtc -am test-compile -DskipTests >/dev/null
classpath=$(./mvnw -q -pl client-webrtc dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=/dev/stdout)
cd client-webrtc
exec timeout 600 java -Xmx512m -cp "target/test-classes:target/classes:$classpath" cdn.client.webrtc.DataChannelBench "$@"
