package cdn.client.webrtc;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import cdn.client.peer.PeerFailure;
import cdn.client.peer.PeerTransport;
import cdn.protocol.SegmentId;
import cdn.protocol.tracker.PeerEntry;
import cdn.protocol.tracker.SegmentPeers;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A listener whose ICE answers say relay-only asks no wire-server peer: its ICE servers
 * asked per track of its swarms (a fake signaling service: tracks {@code private-*}
 * relay-only, its WebSocket refused, so no native WebRTC is needed), its relay-only state
 * taken until they answer, and the transport that keeps it from {@code http(s)} peers.
 */
class RelayOnlyHostingTest {

	static final PeerEntry WIRE_SERVER = peer("w-1", "https://203.0.113.7:7443");

	static final PeerEntry BEHIND_SIGNALING = peer("p-1", "ws://127.0.0.1:1/v1/signal");

	static final SegmentId SEGMENT = SegmentId.ofBytes(new byte[1]);

	DisposableServer signaling;

	/** {@code peerId track} of every ICE-servers request. */
	final Queue<String> asked = new ConcurrentLinkedQueue<>();

	final AtomicInteger joins = new AtomicInteger();

	/** Answers to {@code slow-gig} wait for it. */
	final Sinks.Empty<Void> slowAnswers = Sinks.empty();

	WebRtcHosting hosting;

	@BeforeEach
	void start() {
		this.signaling = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.route((routes) -> routes.get("/v1/ice-servers", (request, response) -> {
				Map<String, List<String>> query = new QueryStringDecoder(request.uri()).parameters();
				String track = query.containsKey("track") ? query.get("track").get(0) : null;
				this.asked.add(query.get("peerId").get(0) + " " + track);
				String policy = (track != null && track.startsWith("private-")) ? "relay" : "all";
				Mono<Void> gate = "slow-gig".equals(track) ? this.slowAnswers.asMono() : Mono.empty();
				return gate.then(response.header("Content-Type", "application/json")
					.sendString(Mono.just("{\"iceServers\":[{\"urls\":[\"turn:127.0.0.1:3478\"]}],"
							+ "\"iceTransportPolicy\":\"" + policy + "\"}"))
					.then());
			}).get("/v1/signal", (request, response) -> {
				this.joins.incrementAndGet();
				return response.status(404).send();
			}))
			.bindNow();
		this.hosting = hosting(false);
	}

	WebRtcHosting hosting(boolean relayOnly) {
		// no native factory: the refused WebSocket means no WebRtcPeer is ever made
		return new WebRtcHosting(null, HttpClient.create(), "ws://127.0.0.1:" + this.signaling.port() + "/v1/signal",
				relayOnly);
	}

	@AfterEach
	void stop() {
		this.hosting.close();
		this.signaling.disposeNow();
	}

	@Test
	void aListenerIsRelayOnlyWhenTheAnswerForAnyOfItsTracksSaysSo() {
		this.hosting.register("j-open", List.of("public-gig/a128", "public-gig/a64"), null);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.joins.get() == 1);
		assertThat(this.asked).containsExactly("j-open public-gig");
		assertThat(this.hosting.relayOnly("j-open")).as("answered all").isFalse();

		// swarms of two tracks, the second relay-only
		this.hosting.register("j-mixed", List.of("public-gig/a128", "private-gig/a128"), null);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.joins.get() == 2);
		assertThat(this.asked).contains("j-mixed public-gig", "j-mixed private-gig");
		assertThat(this.hosting.relayOnly("j-mixed")).as("its second track is relay-only").isTrue();
		assertThat(this.hosting.relayOnly("j-open")).isFalse();
	}

	@Test
	void aJoinOfAnotherTrackAsksAgain() {
		this.hosting.register("j-1", List.of("public-gig/a128"), null);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.joins.get() == 1);
		assertThat(this.hosting.relayOnly("j-1")).isFalse();

		this.hosting.register("j-1", List.of("private-gig/a128"), null);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.joins.get() == 2);
		assertThat(this.hosting.relayOnly("j-1")).isTrue();
	}

	@Test
	void aListenerIsRelayOnlyUntilItsAnswerComesAndWhenItLeft() {
		assertThat(this.hosting.relayOnly("j-unknown")).as("not registered").isTrue();
		this.hosting.register("j-slow", List.of("slow-gig/a128"), null);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.asked.contains("j-slow slow-gig"));
		assertThat(this.hosting.relayOnly("j-slow")).as("asked, not answered yet").isTrue();

		this.slowAnswers.tryEmitEmpty();
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.hosting.relayOnly("j-slow"));

		this.hosting.unregister("j-slow");
		assertThat(this.hosting.relayOnly("j-slow")).isTrue();
	}

	@Test
	void aListenerStartedRelayOnlyIsRelayOnlyWhateverTheAnswer() {
		this.hosting.close();
		this.hosting = hosting(true);
		this.hosting.register("j-turn", List.of("public-gig/a128"), null);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.joins.get() == 1);
		assertThat(this.hosting.relayOnly("j-turn")).isTrue();
	}

	@Test
	void aRelayOnlyListenerAsksNoWireServerButPeersBehindSignalingAndOfThisProcess() {
		Everyone everyone = new Everyone();
		PeerEntry hostedHere = peer("j-neighbour", "https://198.51.100.1:7443");
		AtomicBoolean relayOnly = new AtomicBoolean(true);
		PeerTransport transport = new RelayOnlyTransport(everyone, relayOnly::get, hostedHere::equals);

		assertThat(transport.reaches(WIRE_SERVER)).isFalse();
		assertThat(transport.connected(WIRE_SERVER)).isFalse();
		StepVerifier.create(transport.fetch(WIRE_SERVER, SEGMENT, Duration.ofSeconds(1)))
			.expectErrorSatisfies((error) -> assertThat(((PeerFailure.Exception) error).failure())
				.isEqualTo(PeerFailure.OUT_OF_REACH))
			.verify(Duration.ofSeconds(5));
		StepVerifier.create(transport.exchange(WIRE_SERVER, List.of(SEGMENT), "us-east", Duration.ofSeconds(1)))
			.expectNext(List.of())
			.verifyComplete();
		assertThat(everyone.asked).as("the wire server heard nothing").isEmpty();

		assertThat(transport.reaches(BEHIND_SIGNALING)).isTrue();
		assertThat(transport.reaches(hostedHere)).as("asked on this machine").isTrue();
		StepVerifier.create(transport.fetch(BEHIND_SIGNALING, SEGMENT, Duration.ofSeconds(1)))
			.expectNextCount(1)
			.verifyComplete();

		relayOnly.set(false);
		assertThat(transport.reaches(WIRE_SERVER)).isTrue();
		assertThat(transport.connected(WIRE_SERVER)).isTrue();
		StepVerifier.create(transport.fetch(WIRE_SERVER, SEGMENT, Duration.ofSeconds(1)))
			.expectNextCount(1)
			.verifyComplete();
		assertThat(everyone.asked).containsExactly("p-1", "w-1");
	}

	@Test
	void theHostingKeepsAListenerThatIsRelayOnlyFromWireServers() {
		PeerTransport open = this.hosting.relayOnlyAware("j-open", new Everyone(), (peer) -> false);
		PeerTransport relayed = this.hosting.relayOnlyAware("j-private", new Everyone(), (peer) -> false);
		this.hosting.register("j-open", List.of("public-gig/a128"), null);
		this.hosting.register("j-private", List.of("private-gig/a128"), null);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.joins.get() == 2);

		assertThat(open.reaches(WIRE_SERVER)).isTrue();
		assertThat(relayed.reaches(WIRE_SERVER)).isFalse();
		assertThat(relayed.reaches(BEHIND_SIGNALING)).isTrue();
	}

	@Test
	void theTracksOfAListenersSwarms() {
		assertThat(WebRtcHosting.tracks(List.of("private-gig/a128", "private-gig/a64"))).containsExactly("private-gig");
		assertThat(WebRtcHosting.tracks(List.of("public-gig/a128", "private-gig/a64", "public-gig/a64")))
			.containsExactly("public-gig", "private-gig");
		assertThat(WebRtcHosting.tracks(List.of())).isEmpty();
		assertThat(WebRtcHosting.tracks(List.of("Not A Track/a128", "nothing"))).isEmpty();
	}

	static PeerEntry peer(String peerId, String endpoint) {
		return new PeerEntry(peerId, endpoint, "us-east", 1.0, Instant.EPOCH);
	}

	/** Reaches every peer, answers every ask, connected to all. */
	static final class Everyone implements PeerTransport {

		final Queue<String> asked = new ConcurrentLinkedQueue<>();

		@Override
		public Mono<byte[]> fetch(PeerEntry peer, SegmentId segment, Duration stallTimeout) {
			return Mono.fromSupplier(() -> {
				this.asked.add(peer.peerId());
				return new byte[1];
			});
		}

		@Override
		public boolean reaches(PeerEntry peer) {
			return true;
		}

		@Override
		public boolean connected(PeerEntry peer) {
			return true;
		}

		@Override
		public Mono<List<SegmentPeers>> exchange(PeerEntry peer, List<SegmentId> segments, String region,
				Duration timeout) {
			this.asked.add(peer.peerId());
			return Mono.just(List.of());
		}

	}

}
