package cdn.client.peer;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import cdn.client.net.Network;
import cdn.protocol.SegmentId;
import cdn.protocol.tracker.PeerEntry;
import cdn.protocol.tracker.SegmentPeers;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

class PeerDirectoryTest {

	private static final SegmentId SEGMENT = SegmentId.of("a".repeat(64));

	/** A transport that reaches the peers {@link PeerTransport} reaches by default. */
	private static final PeerTransport HTTP_ONLY = (peer, segment, stallTimeout) -> Mono.empty();

	private final PeerDirectory directory = new PeerDirectory("me", "us-east", Network.direct(), HTTP_ONLY);

	@Test
	void browsersBehindSignalingAreNotAskedOverHttp() {
		PeerEntry jvm = peer("jvm", "http://127.0.0.1:7001/p");
		PeerEntry browser = peer("browser", "ws://127.0.0.1:8091/v1/signal");
		PeerEntry secureBrowser = peer("secure", "wss://signal.example/v1/signal");
		this.directory
			.learn(new SegmentPeers(SEGMENT.value(), 3, List.of(browser, jvm, secureBrowser), List.of(browser), false));

		assertThat(this.directory.usable(SEGMENT)).containsExactly(jvm);
		assertThat(this.directory.loaders(SEGMENT)).isEmpty();

		// a listener with WebRTC reaches them all
		PeerDirectory withWebRtc = new PeerDirectory("me", "us-east", Network.direct(), reachingAll(Set.of()));
		withWebRtc
			.learn(new SegmentPeers(SEGMENT.value(), 3, List.of(browser, jvm, secureBrowser), List.of(browser), false));
		assertThat(withWebRtc.usable(SEGMENT)).containsExactly(browser, jvm, secureBrowser);
		assertThat(withWebRtc.loaders(SEGMENT)).containsExactly(browser);
	}

	@Test
	void amongEquallyNearHoldersOneAlreadyConnectedIsAskedFirst() {
		PeerEntry first = peer("first", "ws://127.0.0.1:8091/v1/signal");
		PeerEntry connected = peer("connected", "ws://127.0.0.1:8091/v1/signal");
		PeerDirectory directory = new PeerDirectory("me", "us-east", Network.direct(),
				reachingAll(Set.of("connected")));
		directory.learn(new SegmentPeers(SEGMENT.value(), 2, List.of(first, connected)));
		assertThat(directory.nearest(SEGMENT)).contains(connected);
		// over HTTP (nothing connected): the tracker's order
		this.directory.learn(new SegmentPeers(SEGMENT.value(), 2,
				List.of(peer("a", "http://127.0.0.1:7001/p"), peer("b", "http://127.0.0.1:7002/p"))));
		assertThat(this.directory.nearest(SEGMENT).map(PeerEntry::peerId)).contains("a");
	}

	@Test
	void itselfAndDroppedPeersAreNotAsked() {
		PeerEntry self = peer("me", "http://127.0.0.1:7000/p");
		PeerEntry liar = peer("liar", "http://127.0.0.1:7002/p");
		PeerEntry honest = peer("honest", "https://peer.example/p");
		this.directory.learn(new SegmentPeers(SEGMENT.value(), 3, List.of(self, liar, honest)));
		this.directory.drop("liar");

		assertThat(this.directory.usable(SEGMENT)).containsExactly(honest);
	}

	/** A transport (WebRTC's) that reaches every peer, connected to {@code connected}. */
	private static PeerTransport reachingAll(Set<String> connected) {
		return new PeerTransport() {

			@Override
			public Mono<byte[]> fetch(PeerEntry peer, SegmentId segment, Duration stallTimeout) {
				return Mono.empty();
			}

			@Override
			public boolean reaches(PeerEntry peer) {
				return true;
			}

			@Override
			public boolean connected(PeerEntry peer) {
				return connected.contains(peer.peerId());
			}

		};
	}

	private static PeerEntry peer(String id, String endpoint) {
		return new PeerEntry(id, endpoint, "us-east", 1.0, Instant.EPOCH);
	}

}
