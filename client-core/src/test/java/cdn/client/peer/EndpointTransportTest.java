package cdn.client.peer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import cdn.protocol.SegmentId;
import cdn.protocol.peer.PeerWire;
import cdn.protocol.tracker.PeerEntry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/** Each peer is asked by the transport its endpoint calls for. */
class EndpointTransportTest {

	private static final String SIGNALING = "ws://127.0.0.1:8091/v1/signal";

	private static final String PIN = "sha256/" + "A".repeat(43) + "=";

	private static final SegmentId SEGMENT = SegmentId.ofBytes("segment".getBytes(StandardCharsets.UTF_8));

	private final List<String> asked = new ArrayList<>();

	private final PeerTransport http = recording("http", (peer) -> !PeerWire.behindSignaling(peer.endpoint()));

	private final PeerTransport webrtc = recording("webrtc", (peer) -> SIGNALING.equals(peer.endpoint()));

	@Test
	void wireServersAreAskedOverHttpAndPeersBehindSignalingOverWebRtc() {
		EndpointTransport transport = new EndpointTransport(this.http, this.webrtc, (peer) -> null);

		transport.fetch(peer("jvm", "http://10.0.0.7:7000/p/jvm"), SEGMENT, Duration.ofSeconds(1)).block();
		transport.fetch(peer("page", SIGNALING), SEGMENT, Duration.ofSeconds(1)).block();

		assertThat(this.asked).containsExactly("http jvm http://10.0.0.7:7000/p/jvm null",
				"webrtc page " + SIGNALING + " null");
		assertThat(transport.reaches(peer("page", SIGNALING))).isTrue();
		// another signaling service is not this listener's: no way to it
		assertThat(transport.reaches(peer("far", "wss://signal.example/v1/signal"))).isFalse();
	}

	@Test
	void aPeerOfThisProcessIsAskedAtItsWireServerWhateverItAnnounced() {
		Map<String, String> hosted = Map.of("neighbour", "https://127.0.0.1:7000/p/neighbour");
		EndpointTransport transport = new EndpointTransport(this.http, this.webrtc,
				(peer) -> hosted.containsKey(peer.peerId()) ? peer.at(hosted.get(peer.peerId()), PIN) : null);

		transport.fetch(peer("neighbour", SIGNALING), SEGMENT, Duration.ofSeconds(1)).block();
		transport.fetch(peer("page", SIGNALING), SEGMENT, Duration.ofSeconds(1)).block();

		// with the key of this process's server
		assertThat(this.asked).containsExactly("http neighbour https://127.0.0.1:7000/p/neighbour " + PIN,
				"webrtc page " + SIGNALING + " null");
	}

	private PeerTransport recording(String name, Predicate<PeerEntry> reach) {
		return new PeerTransport() {

			@Override
			public Mono<byte[]> fetch(PeerEntry peer, SegmentId segment, Duration stallTimeout) {
				EndpointTransportTest.this.asked
					.add(name + " " + peer.peerId() + " " + peer.endpoint() + " " + peer.endpointPin());
				return Mono.just(new byte[0]);
			}

			@Override
			public boolean reaches(PeerEntry peer) {
				return reach.test(peer);
			}

		};
	}

	private static PeerEntry peer(String id, String endpoint) {
		return new PeerEntry(id, endpoint, "us-east", 1.0, Instant.EPOCH);
	}

}
