package cdn.client.webrtc;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import cdn.client.http.HttpPeerTransport;
import cdn.client.http.PeerServer;
import cdn.client.http.PeerTls;
import cdn.client.peer.PeerHost;
import cdn.client.peer.PeerTransport;
import cdn.client.trace.ClientTracing;
import cdn.protocol.SegmentId;
import cdn.protocol.tracker.PeerEntry;
import reactor.netty.http.client.HttpClient;

/**
 * The figures of {@code bench/webrtc/run.sh} (not a test): between two Java listeners of
 * one JVM on this machine, over WebRTC (through the real signaling-service) and over HTTP
 * (the peer server, over TLS with its key pinned and plain) side by side: the time from a
 * listener's first signaling step (connect and join) to the first segment's last byte on
 * a new connection, and the throughput of one connection fetching large segments one
 * after another.
 * <p>
 * {@code java -cp … cdn.client.webrtc.DataChannelBench [connections] [megabytes] [rounds]}
 */
public final class DataChannelBench {

	private DataChannelBench() {
	}

	public static void main(String[] args) throws Exception {
		int connections = (args.length > 0) ? Integer.parseInt(args[0]) : 20;
		int megabytes = (args.length > 1) ? Integer.parseInt(args[1]) : 4;
		int rounds = (args.length > 2) ? Integer.parseInt(args[2]) : 10;
		byte[] small = TestPeers.bytes(64 * 1024, 3);
		byte[] large = TestPeers.bytes(megabytes * 1024 * 1024, 5);
		PeerHost host = TestPeers.host(64);
		host.cache().put(SegmentId.ofBytes(small), small);
		host.cache().put(SegmentId.ofBytes(large), large);
		HttpClient http = HttpClient.create();
		Duration stall = Duration.ofSeconds(5);
		try (SignalingProcess signaling = SignalingProcess.start(); WebRtcRuntime runtime = WebRtcRuntime.start()) {
			String swarm = "concert-pitch/a128";
			try (WebRtcPeer alice = new WebRtcPeer(runtime,
					SignalingClient.connect(http, signaling.url(), "bench-alice", swarm).block(stall), Ice.hostOnly(),
					host)) {
				PeerEntry aliceEntry = new PeerEntry("bench-alice", signaling.url(), "us-east", 1, Instant.now());
				// warm: classes, JIT and the natives' first connection
				firstByteOverWebRtc(runtime, http, signaling, swarm, aliceEntry, small, "bench-warm", stall);
				List<Double> firstByte = new ArrayList<>();
				for (int i = 0; i < connections; i++) {
					firstByte.add(firstByteOverWebRtc(runtime, http, signaling, swarm, aliceEntry, small,
							"bench-bob-" + i, stall));
				}
				double webrtcMBps;
				try (WebRtcPeer bob = new WebRtcPeer(runtime,
						SignalingClient.connect(http, signaling.url(), "bench-carol", swarm).block(stall),
						Ice.hostOnly(), TestPeers.host(4))) {
					webrtcMBps = throughput(bob, aliceEntry, large, rounds, stall);
				}
				HttpArm tls = overHttp(host, PeerTls.generate(), connections, small, large, rounds, stall);
				HttpArm plain = overHttp(host, null, connections, small, large, rounds, stall);
				System.out.printf(
						"webrtc: first_segment_ms p50=%.1f p95=%.1f max=%.1f (n=%d, 64 KiB, from signaling connect)"
								+ " | throughput_MBps=%.1f (%d x %d MiB, one channel)%n",
						percentile(firstByte, 50), percentile(firstByte, 95), percentile(firstByte, 100),
						firstByte.size(), webrtcMBps, rounds, megabytes);
				tls.print("https (key pinned)", rounds, megabytes);
				plain.print("http (plain)", rounds, megabytes);
			}
		}
		System.exit(0);
	}

	/**
	 * The peer server over TLS with its key pinned ({@code tls}) or plain HTTP
	 * ({@code null}): each first segment on a new connection (TCP, and the TLS
	 * handshake), then one connection's throughput.
	 */
	private static HttpArm overHttp(PeerHost host, PeerTls tls, int connections, byte[] small, byte[] large, int rounds,
			Duration stall) {
		try (PeerServer server = new PeerServer("127.0.0.1", 0, "127.0.0.1", ClientTracing.OFF, tls)) {
			server.register("bench-alice", List.of("bench/a128"), host);
			PeerEntry holder = new PeerEntry("bench-alice", server.endpoint("bench-alice"), "us-east", 1, Instant.now(),
					server.endpointPin("bench-alice"));
			List<Double> firstByte = new ArrayList<>();
			for (int i = 0; i <= connections; i++) {
				// a fresh client each time: a new connection, as a new WebRTC peer's
				PeerTransport transport = new HttpPeerTransport(HttpClient.newConnection());
				long started = System.nanoTime();
				fetchChecked(transport, holder, small, stall);
				if (i > 0) {
					firstByte.add((System.nanoTime() - started) / 1e6);
				}
			}
			return new HttpArm(firstByte,
					throughput(new HttpPeerTransport(HttpClient.create()), holder, large, rounds, stall));
		}
	}

	private record HttpArm(List<Double> firstByte, double megabytesPerSecond) {

		void print(String name, int rounds, int megabytes) {
			System.out.printf(
					"%s: first_segment_ms p50=%.1f p95=%.1f max=%.1f (n=%d, 64 KiB, new connection)"
							+ " | throughput_MBps=%.1f (%d x %d MiB, one connection)%n",
					name, percentile(this.firstByte, 50), percentile(this.firstByte, 95),
					percentile(this.firstByte, 100), this.firstByte.size(), this.megabytesPerSecond, rounds, megabytes);
		}

	}

	/**
	 * From the asker's signaling connect to the segment's last byte, on a new connection.
	 */
	private static double firstByteOverWebRtc(WebRtcRuntime runtime, HttpClient http, SignalingProcess signaling,
			String swarm, PeerEntry holder, byte[] segment, String peerId, Duration stall) {
		long started = System.nanoTime();
		try (WebRtcPeer asker = new WebRtcPeer(runtime,
				SignalingClient.connect(http, signaling.url(), peerId, swarm).block(stall), Ice.hostOnly(),
				TestPeers.host(4))) {
			fetchChecked(asker, holder, segment, stall);
			return (System.nanoTime() - started) / 1e6;
		}
	}

	private static double throughput(PeerTransport transport, PeerEntry holder, byte[] segment, int rounds,
			Duration stall) {
		fetchChecked(transport, holder, segment, stall); // the connection and the first
															// transfer
		long started = System.nanoTime();
		for (int i = 0; i < rounds; i++) {
			fetchChecked(transport, holder, segment, stall);
		}
		return (double) segment.length * rounds / 1e6 / ((System.nanoTime() - started) / 1e9);
	}

	private static void fetchChecked(PeerTransport transport, PeerEntry holder, byte[] segment, Duration stall) {
		SegmentId id = SegmentId.ofBytes(segment);
		byte[] received = transport.fetch(holder, id, stall).block(stall.multipliedBy(6));
		if (received == null || !id.matches(received)) {
			throw new IllegalStateException("the segment came back different");
		}
	}

	private static double percentile(List<Double> values, int percentile) {
		List<Double> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
		return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
	}

}
