package cdn.client.webrtc;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import cdn.client.peer.PeerFailure;
import cdn.client.peer.PeerHost;
import cdn.client.peer.PeerTransport;
import cdn.protocol.SegmentId;
import cdn.protocol.tracker.PeerEntry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Two Java listeners' WebRTC peers through the real signaling-service: one asks, the
 * other serves, over a DataChannel they negotiated there (host candidates, no STUN).
 */
class WebRtcPeerIT {

	static final String SWARM = "concert-pitch/a128";

	static final Duration WAIT = Duration.ofSeconds(10);

	static SignalingProcess signaling;

	static WebRtcRuntime runtime;

	final HttpClient http = HttpClient.create();

	@BeforeAll
	static void start() throws Exception {
		signaling = SignalingProcess.start();
		runtime = WebRtcRuntime.start();
	}

	@AfterAll
	static void stop() {
		runtime.close();
		signaling.close();
	}

	WebRtcPeer peer(String peerId, PeerHost host) {
		return peer(peerId, host, WebRtcPeer.IDLE_TIMEOUT);
	}

	WebRtcPeer peer(String peerId, PeerHost host, Duration idle) {
		return peer(peerId, SWARM, host, idle);
	}

	WebRtcPeer peer(String peerId, String swarm, PeerHost host, Duration idle) {
		return new WebRtcPeer(runtime, SignalingClient.connect(this.http, signaling.url(), peerId, swarm).block(WAIT),
				Ice.hostOnly(), host, idle, WebRtcPeer.MAX_LINKS);
	}

	/** A peer's seeding side holding {@code bytes}. */
	static PeerHost holding(byte[] bytes) {
		PeerHost host = TestPeers.host(4);
		host.cache().put(SegmentId.ofBytes(bytes), bytes);
		return host;
	}

	static PeerEntry entry(String peerId) {
		return new PeerEntry(peerId, signaling.url(), "us-east", 1.0, Instant.now());
	}

	@Test
	void aListenerTakesASegmentFromAnotherOverADataChannelNegotiatedThroughSignaling() {
		byte[] bytes = TestPeers.bytes(300_000, 7);
		SegmentId segment = SegmentId.ofBytes(bytes);
		try (WebRtcPeer alice = peer("j-alice", holding(bytes)); WebRtcPeer bob = peer("j-bob", TestPeers.host(4))) {
			byte[] received = bob.fetch(entry("j-alice"), segment, Duration.ofSeconds(2)).block(WAIT);
			assertThat(SegmentId.ofBytes(received)).isEqualTo(segment);
			// the connection stays for the next segments
			assertThat(bob.links()).isEqualTo(1);
			assertThat(alice.links()).isEqualTo(1);
			assertThatThrownBy(() -> bob.fetch(entry("j-alice"), SegmentId.ofBytes(new byte[3]), Duration.ofSeconds(2))
				.block(WAIT)).isInstanceOfSatisfying(PeerFailure.Exception.class,
						(failure) -> assertThat(failure.failure()).isEqualTo(PeerFailure.SEGMENT_ABSENT));
			assertThat(bob.links()).isEqualTo(1);
		}
	}

	@Test
	void connectionsThatCarryNothingForTheIdleTimeoutAreClosedOnBothSides() {
		byte[] bytes = TestPeers.bytes(1000, 9);
		SegmentId segment = SegmentId.ofBytes(bytes);
		Duration idle = Duration.ofMillis(400);
		try (WebRtcPeer frank = peer("j-frank", holding(bytes), idle);
				WebRtcPeer grace = peer("j-grace", TestPeers.host(4), idle)) {
			assertThat(SegmentId.ofBytes(grace.fetch(entry("j-frank"), segment, Duration.ofSeconds(2)).block(WAIT)))
				.isEqualTo(segment);
			assertThat(grace.links()).isEqualTo(1);
			await().atMost(WAIT).untilAsserted(() -> {
				assertThat(grace.links()).isZero();
				assertThat(frank.links()).isZero();
			});
			// asked again: a new connection
			assertThat(SegmentId.ofBytes(grace.fetch(entry("j-frank"), segment, Duration.ofSeconds(2)).block(WAIT)))
				.isEqualTo(segment);
		}
	}

	@Test
	void aPeerWithNoRoomForAnotherConnectionSaysSoAtOnce() {
		byte[] bytes = TestPeers.bytes(1000, 19);
		SegmentId segment = SegmentId.ofBytes(bytes);
		try (WebRtcPeer full = new WebRtcPeer(runtime,
				SignalingClient.connect(this.http, signaling.url(), "j-full", SWARM).block(WAIT), Ice.hostOnly(),
				holding(bytes), WebRtcPeer.IDLE_TIMEOUT, 1);
				WebRtcPeer first = peer("j-first", TestPeers.host(4));
				WebRtcPeer second = peer("j-second", TestPeers.host(4))) {
			assertThat(SegmentId.ofBytes(first.fetch(entry("j-full"), segment, Duration.ofSeconds(2)).block(WAIT)))
				.isEqualTo(segment);
			// busy (not reported, another holder is asked), not unreachable after the
			// budget
			assertThatThrownBy(() -> second.fetch(entry("j-full"), segment, Duration.ofSeconds(2)).block(WAIT))
				.isInstanceOfSatisfying(PeerFailure.Exception.class,
						(failure) -> assertThat(failure.failure()).isEqualTo(PeerFailure.BUSY));
			assertThat(second.links()).isZero();
			assertThat(full.links()).isEqualTo(1);
		}
	}

	@Test
	void aPeerNobodyReachesIsUnreachableOnceTheConnectBudgetIsOver() {
		try (WebRtcPeer carol = peer("j-carol", TestPeers.host(4))) {
			assertThatThrownBy(
					() -> carol.fetch(entry("j-nobody"), SegmentId.ofBytes(new byte[3]), Duration.ofSeconds(2))
						.block(WAIT))
				.isInstanceOfSatisfying(PeerFailure.Exception.class,
						(failure) -> assertThat(failure.failure()).isEqualTo(PeerFailure.UNREACHABLE));
			assertThat(carol.links()).isZero();
		}
	}

	@Test
	void aPeerThatJoinsSignalingAMomentAfterTheAskIsReachedByTheRetries() throws Exception {
		byte[] bytes = TestPeers.bytes(2000, 11);
		SegmentId segment = SegmentId.ofBytes(bytes);
		try (WebRtcPeer heidi = peer("j-heidi", TestPeers.host(4))) {
			// the first offers find nobody (unknown-target): tried again with backoff
			CompletableFuture<WebRtcPeer> late = CompletableFuture.supplyAsync(() -> peer("j-late", holding(bytes)),
					CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));
			try {
				byte[] received = heidi.fetch(entry("j-late"), segment, Duration.ofSeconds(2)).block(WAIT);
				assertThat(SegmentId.ofBytes(received)).isEqualTo(segment);
			}
			finally {
				late.get(10, TimeUnit.SECONDS).close();
			}
		}
	}

	@Test
	void aPeerInNoneOfTheAskersSwarmsIsOutOfReachNotUnreachable() {
		try (WebRtcPeer ivan = peer("j-ivan", TestPeers.host(4));
				WebRtcPeer judy = peer("j-judy", "concert-pitch/a64", holding(new byte[3]), WebRtcPeer.IDLE_TIMEOUT)) {
			// signaling refuses the offer (foreign-target): not the peer's fault, not
			// reported, not tried again
			assertThatThrownBy(() -> ivan.fetch(entry("j-judy"), SegmentId.ofBytes(new byte[3]), Duration.ofSeconds(2))
				.block(WAIT)).isInstanceOfSatisfying(PeerFailure.Exception.class,
						(failure) -> assertThat(failure.failure()).isEqualTo(PeerFailure.OUT_OF_REACH));
			assertThat(ivan.links()).isZero();
			assertThat(judy.links()).isZero();
		}
	}

	@Test
	void aListenerInTheSwarmsOfEveryRenditionReachesAPeerOfAnyOfThemBothWays() {
		byte[] bytes = TestPeers.bytes(4000, 17);
		SegmentId segment = SegmentId.ofBytes(bytes);
		// a Java listener that may play any rendition, its own (a128) first; a page in
		// a256 only
		List<String> every = List.of(SWARM, "concert-pitch/a64", "concert-pitch/a256");
		PeerHost kimHolds = holding(bytes);
		try (WebRtcPeer kim = new WebRtcPeer(runtime,
				SignalingClient.connect(this.http, signaling.url(), "j-kim2", every).block(WAIT), Ice.hostOnly(),
				kimHolds);
				WebRtcPeer page = peer("j-page", "concert-pitch/a256", holding(bytes), WebRtcPeer.IDLE_TIMEOUT)) {
			// offered in a128, then a64 (foreign-target both), then a256
			assertThat(SegmentId.ofBytes(kim.fetch(entry("j-page"), segment, Duration.ofSeconds(2)).block(WAIT)))
				.isEqualTo(segment);
			// the page offers in its one swarm, where the listener is too
			assertThat(SegmentId.ofBytes(page.fetch(entry("j-kim2"), segment, Duration.ofSeconds(2)).block(WAIT)))
				.isEqualTo(segment);
		}
	}

	@Test
	void listenersOfOneProcessJoinThroughTheHostingAndAreAnnouncedAtTheSignalingUrl() {
		byte[] bytes = TestPeers.bytes(50_000, 13);
		SegmentId segment = SegmentId.ofBytes(bytes);
		try (WebRtcHosting hosting = new WebRtcHosting(runtime, this.http, signaling.url(), false)) {
			assertThat(hosting.endpoint("j-kim")).isEqualTo(signaling.url());
			hosting.register("j-kim", List.of(SWARM), holding(bytes));
			// a listener that only asks (metered) joins too
			hosting.register("j-lou", List.of(SWARM), null);
			PeerTransport lou = hosting.transport("j-lou");
			assertThat(lou.reaches(entry("j-kim"))).isTrue();
			assertThat(lou.reaches(new PeerEntry("far", "wss://signal.example/v1/signal", "us-east", 1, Instant.now())))
				.as("a peer behind another signaling service")
				.isFalse();

			assertThat(lou.connected(entry("j-kim"))).isFalse();
			byte[] received = lou.fetch(entry("j-kim"), segment, Duration.ofSeconds(2)).block(WAIT);
			assertThat(SegmentId.ofBytes(received)).isEqualTo(segment);
			// asked first among equally near holders from now on
			assertThat(lou.connected(entry("j-kim"))).isTrue();
			// the metered listener serves nothing (as an HTTP peer server does for a
			// listener it does not host)
			assertThatThrownBy(
					() -> hosting.transport("j-kim").fetch(entry("j-lou"), segment, Duration.ofSeconds(2)).block(WAIT))
				.isInstanceOfSatisfying(PeerFailure.Exception.class,
						(failure) -> assertThat(failure.failure()).isEqualTo(PeerFailure.SEGMENT_ABSENT));

			hosting.unregister("j-lou");
			assertThatThrownBy(() -> lou.fetch(entry("j-kim"), segment, Duration.ofSeconds(2)).block(WAIT))
				.isInstanceOfSatisfying(PeerFailure.Exception.class,
						(failure) -> assertThat(failure.failure()).isEqualTo(PeerFailure.OUT_OF_REACH));
		}
	}

}
