package cdn.client.http;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Queue;

import brave.Tracing;
import brave.handler.MutableSpan;
import cdn.client.net.EmulatedLink;
import cdn.client.peer.PeerFailure;
import cdn.client.peer.LoadingSegments;
import cdn.client.peer.PeerHost;
import cdn.client.peer.SegmentCache;
import cdn.client.peer.UploadLimiter;
import cdn.client.play.SimClock;
import cdn.client.trace.ClientTracing;
import cdn.client.trace.RecordedSpans;
import cdn.protocol.SegmentId;
import cdn.protocol.peer.PeerWire;
import cdn.protocol.tracker.PeerEntry;
import cdn.protocol.tracker.PeerLookupResponse;
import cdn.protocol.tracker.SegmentPeers;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The peer wire protocol over real loopback HTTP: server answers and client failure
 * kinds.
 */
class PeerWireIT {

	private final PeerServer server = new PeerServer("127.0.0.1", 0);

	private final HttpPeerTransport transport = new HttpPeerTransport(HttpClient.create());

	private final byte[] bytes = "a segment's bytes".getBytes();

	private final SegmentId id = SegmentId.ofBytes(this.bytes);

	@AfterEach
	void close() {
		this.server.close();
	}

	@Test
	void heldSegmentIsServedAndCounted() {
		Host host = new Host(4);
		host.cache.put(this.id, this.bytes);
		this.server.register("alice", List.of("song/a128"), host);

		StepVerifier.create(this.transport.fetch(peer("alice"), this.id, Duration.ofSeconds(2)))
			.assertNext((received) -> assertThat(received).isEqualTo(this.bytes))
			.verifyComplete();
		assertThat(host.uploaded).isEqualTo(this.bytes.length);
	}

	@Test
	void aTracedRequestCarriesItsTraceparentAndIsAServerSpanOfTheSameTrace() {
		RecordedSpans recorded = new RecordedSpans();
		Queue<MutableSpan> spans = recorded.finished();
		try (Tracing tracing = recorded.tracing();
				PeerServer traced = new PeerServer("127.0.0.1", 0, "127.0.0.1", ClientTracing.of(tracing))) {
			Host host = new Host(4);
			host.cache.put(this.id, this.bytes);
			traced.register("alice", List.of("song/a128"), host);
			ClientTracing client = ClientTracing.of(tracing);
			brave.Span root = client.newTrace("segment");
			brave.Span attempt = client.child(root, "peer fetch", brave.Span.Kind.CLIENT, "peer");
			PeerEntry alice = new PeerEntry("alice", traced.endpoint("alice"), "us-east", 1000, Instant.EPOCH,
					traced.endpointPin("alice"));

			StepVerifier
				.create(this.transport.fetch(alice, this.id, Duration.ofSeconds(2))
					.contextWrite((context) -> ClientTracing.carrying(context, attempt)))
				.assertNext((received) -> assertThat(received).isEqualTo(this.bytes))
				.verifyComplete();
			// unsampled: propagated, no span on the peer
			brave.Span unsampled = tracing.tracer()
				.nextSpan(brave.propagation.TraceContextOrSamplingFlags.NOT_SAMPLED)
				.name("segment")
				.start();
			StepVerifier
				.create(this.transport.fetch(alice, this.id, Duration.ofSeconds(2))
					.contextWrite((context) -> ClientTracing.carrying(context, unsampled)))
				.expectNextCount(1)
				.verifyComplete();
			// untraced: no header, no span
			StepVerifier.create(this.transport.fetch(alice, this.id, Duration.ofSeconds(2)))
				.expectNextCount(1)
				.verifyComplete();

			Awaitility.await()
				.atMost(Duration.ofSeconds(5))
				.until(() -> spans.stream().anyMatch((span) -> span.name().equals(PeerServer.SPAN_NAME)));
			assertThat(spans).filteredOn((span) -> span.name().equals(PeerServer.SPAN_NAME))
				.singleElement()
				.satisfies((served) -> {
					assertThat(served.kind()).isEqualTo(brave.Span.Kind.SERVER);
					assertThat(served.traceId()).isEqualTo(attempt.context().traceIdString());
					assertThat(served.parentId()).isEqualTo(attempt.context().spanIdString());
					assertThat(served.tag("http.status_code")).isEqualTo("200");
				});
		}
	}

	@Test
	void segmentNotHeldIsAbsent() {
		this.server.register("alice", List.of("song/a128"), new Host(4));
		expectFailure(peer("alice"), PeerFailure.SEGMENT_ABSENT);
		expectFailure(peer("nobody"), PeerFailure.SEGMENT_ABSENT);
	}

	@Test
	void aSegmentBeingLoadedIsServedOnceItArrives() {
		Host host = new Host(4);
		host.loading.claimed(this.id);
		this.server.register("alice", List.of("song/a128"), host);

		Mono<byte[]> asked = this.transport.fetch(peer("alice"), this.id, Duration.ofSeconds(5)).cache();
		asked.subscribe((bytes) -> {
		}, (error) -> {
		});
		// the request is held: nothing comes back while the loader has nothing
		StepVerifier.create(asked).expectSubscription().expectNoEvent(Duration.ofMillis(300)).thenCancel().verify();
		host.cache.put(this.id, this.bytes);
		host.loading.ended(this.id);
		StepVerifier.create(asked)
			.assertNext((received) -> assertThat(received).isEqualTo(this.bytes))
			.verifyComplete();
		assertThat(host.loading.isLoading(this.id)).isFalse();
	}

	@Test
	void aLoadThatFailsAnswersAbsentAndTheAskerBoundsItsOwnWait() {
		Host host = new Host(4);
		host.loading.claimed(this.id);
		this.server.register("alice", List.of("song/a128"), host);
		// the asker gives up first
		StepVerifier.create(this.transport.fetch(peer("alice"), this.id, Duration.ofMillis(200)))
			.expectErrorSatisfies(
					(error) -> assertThat(((PeerFailure.Exception) error).failure()).isEqualTo(PeerFailure.TIMEOUT))
			.verify(Duration.ofSeconds(5));
		// the loader's fetch failed: the held request is answered "absent" at once
		Mono<byte[]> asked = this.transport.fetch(peer("alice"), this.id, Duration.ofSeconds(5)).cache();
		asked.subscribe((bytes) -> {
		}, (error) -> {
		});
		Awaitility.await().pollDelay(Duration.ofMillis(100)).until(() -> true);
		host.loading.ended(this.id);
		StepVerifier.create(asked)
			.expectErrorSatisfies((error) -> assertThat(((PeerFailure.Exception) error).failure())
				.isEqualTo(PeerFailure.SEGMENT_ABSENT))
			.verify(Duration.ofSeconds(2));
	}

	@Test
	void peerWithoutFreeUploadSlotIsBusy() {
		Host host = new Host(0);
		host.cache.put(this.id, this.bytes);
		this.server.register("alice", List.of("song/a128"), host);
		expectFailure(peer("alice"), PeerFailure.BUSY);
	}

	@Test
	void meteredPeerIsBusy() {
		Host host = new Host(4) {
			@Override
			public UploadLimiter uploads() {
				return null;
			}
		};
		host.cache.put(this.id, this.bytes);
		this.server.register("alice", List.of("song/a128"), host);
		expectFailure(peer("alice"), PeerFailure.BUSY);
	}

	@Test
	void silentPeerIsAbandonedAfterTheStallTimeout() {
		DisposableServer silent = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle((request, response) -> Mono.never())
			.bindNow();
		try {
			PeerEntry peer = new PeerEntry("silent", "http://127.0.0.1:" + silent.port() + "/p/silent", "us-east", 1,
					Instant.now());
			StepVerifier.create(this.transport.fetch(peer, this.id, Duration.ofMillis(200)))
				.expectErrorSatisfies(
						(error) -> assertThat(((PeerFailure.Exception) error).failure()).isEqualTo(PeerFailure.TIMEOUT))
				.verify(Duration.ofSeconds(5));
		}
		finally {
			silent.disposeNow();
		}
	}

	@Test
	void unreachablePeerIsUnreachable() {
		PeerEntry peer = new PeerEntry("gone", "http://127.0.0.1:1/p/gone", "us-east", 1, Instant.now());
		StepVerifier.create(this.transport.fetch(peer, this.id, Duration.ofSeconds(2)))
			.expectErrorSatisfies(
					(error) -> assertThat(((PeerFailure.Exception) error).failure()).isEqualTo(PeerFailure.UNREACHABLE))
			.verify(Duration.ofSeconds(5));
	}

	private void expectFailure(PeerEntry peer, PeerFailure expected) {
		StepVerifier.create(this.transport.fetch(peer, this.id, Duration.ofSeconds(2)))
			.expectErrorSatisfies((error) -> assertThat(((PeerFailure.Exception) error).failure()).isEqualTo(expected))
			.verify(Duration.ofSeconds(5));
	}

	@Test
	void theServerSpeaksTlsWithAKeyOfItsOwnThatItsEndpointPins() {
		assertThat(this.server.endpoint("alice")).startsWith("https://127.0.0.1:");
		assertThat(PeerWire.isPin(this.server.endpointPin("alice"))).isTrue();
		try (PeerServer other = new PeerServer("127.0.0.1", 0)) {
			assertThat(other.endpointPin("alice")).isNotEqualTo(this.server.endpointPin("alice"));
		}
		Host host = new Host(4);
		host.cache.put(this.id, this.bytes);
		this.server.register("alice", List.of("song/a128"), host);
		// plain HTTP to it gets no answer
		PeerEntry plain = peer("alice").at(this.server.endpoint("alice").replace("https://", "http://"), null);
		StepVerifier.create(this.transport.fetch(plain, this.id, Duration.ofSeconds(2)))
			.expectError(PeerFailure.Exception.class)
			.verify(Duration.ofSeconds(5));
		assertThat(host.uploaded).isZero();
	}

	@Test
	void aServerPresentingAnotherKeyThanThePinnedOneIsNeverAsked() {
		Host host = new Host(4);
		host.cache.put(this.id, this.bytes);
		this.server.register("alice", List.of("song/a128"), host);
		String anotherKey;
		try (PeerServer other = new PeerServer("127.0.0.1", 0)) {
			anotherKey = other.endpointPin("alice");
		}
		PeerEntry impostor = peer("alice").at(this.server.endpoint("alice"), anotherKey);
		StepVerifier.create(this.transport.fetch(impostor, this.id, Duration.ofSeconds(2)))
			.expectErrorSatisfies((error) -> {
				assertThat(((PeerFailure.Exception) error).failure()).isEqualTo(PeerFailure.UNREACHABLE);
				assertThat(error.getMessage()).contains("TLS");
			})
			.verify(Duration.ofSeconds(5));
		// without a pin an https peer is not trusted either (its certificate is its own)
		StepVerifier
			.create(this.transport.fetch(peer("alice").at(this.server.endpoint("alice"), null), this.id,
					Duration.ofSeconds(2)))
			.expectErrorSatisfies(
					(error) -> assertThat(((PeerFailure.Exception) error).failure()).isEqualTo(PeerFailure.UNREACHABLE))
			.verify(Duration.ofSeconds(5));
		// the request never reached the server
		assertThat(host.uploaded).isZero();
		// the right pin on the same address is served
		StepVerifier.create(this.transport.fetch(peer("alice"), this.id, Duration.ofSeconds(2)))
			.assertNext((received) -> assertThat(received).isEqualTo(this.bytes))
			.verifyComplete();
	}

	@Test
	void aPeerTellsWhichSegmentsItHoldsAndWhomItKnowsOverTheWire() {
		SegmentId other = SegmentId.ofBytes("another segment".getBytes());
		PeerEntry carol = new PeerEntry("carol", "https://10.0.0.9:7443/p/carol", "eu-west", 1, Instant.EPOCH,
				"sha256/" + "c".repeat(43) + "=");
		Host host = new Host(4) {
			@Override
			public Mono<List<SegmentPeers>> exchange(List<SegmentId> segments, String region) {
				this.askedRegion = region;
				return Mono.just(List.of(new SegmentPeers(PeerWireIT.this.id.value(), 2, List.of(peer("alice"), carol)),
						new SegmentPeers(other.value(), 1, List.of(carol))));
			}
		};
		this.server.register("alice", List.of("song/a128"), host);

		List<SegmentPeers> told = this.transport
			.exchange(peer("alice"), List.of(this.id, other), "eu-west", Duration.ofSeconds(2))
			.block(Duration.ofSeconds(5));

		assertThat(host.askedRegion).isEqualTo("eu-west");
		assertThat(told).extracting(SegmentPeers::segment).containsExactly(this.id.value(), other.value());
		assertThat(told.get(0).peers()).extracting(PeerEntry::peerId, PeerEntry::endpointPin)
			.containsExactly(tuple("alice", this.server.endpointPin("alice")), tuple("carol", carol.endpointPin()));
		// a peer not served there, or a peer that does not answer, tells nothing
		assertThat(this.transport.exchange(peer("nobody"), List.of(this.id), "eu-west", Duration.ofSeconds(2))
			.block(Duration.ofSeconds(5))).isEmpty();
		assertThat(this.transport
			.exchange(new PeerEntry("gone", "http://127.0.0.1:1/p/gone", "eu-west", 1, Instant.now()), List.of(this.id),
					"eu-west", Duration.ofSeconds(1))
			.block(Duration.ofSeconds(5))).isEmpty();
	}

	@Test
	void anExchangeQueryThatIsNotWellFormedIs400() {
		try (PeerServer plain = new PeerServer("127.0.0.1", 0, "127.0.0.1", ClientTracing.OFF, null)) {
			plain.register("alice", List.of("song/a128"), new Host(4));
			String url = plain.endpoint("alice") + PeerWire.PEERS_PATH;
			String ok = "?segments=" + this.id.value() + "&region=eu-west";
			String tooMany = "?region=eu-west&segments="
					+ String.join(",", java.util.Collections.nCopies(33, this.id.value()));
			for (String query : List.of("", "?region=eu-west", "?segments=" + this.id.value(),
					"?segments=nothex&region=eu-west", "?segments=" + this.id.value() + "&region=EU%20WEST", tooMany)) {
				assertThat(HttpClient.create()
					.get()
					.uri(url + query)
					.response()
					.block(Duration.ofSeconds(5))
					.status()
					.code()).as(query).isEqualTo(400);
			}
			assertThat(HttpClient.create().get().uri(url + ok).response().block(Duration.ofSeconds(5)).status().code())
				.isEqualTo(200);
		}
	}

	@Test
	void whatAPeerTellsIsBoundedAndChecked() {
		SegmentId other = SegmentId.ofBytes("another segment".getBytes());
		List<PeerEntry> many = new java.util.ArrayList<>();
		for (int i = 0; i < 20; i++) {
			many.add(new PeerEntry("p" + i, "http://10.0.0." + i + ":7000/p/p" + i, "eu-west", 1, Instant.EPOCH));
		}
		List<PeerEntry> malformed = List.of(
				new PeerEntry("bad id!", "http://10.0.0.1:7000/p/x", "eu-west", 1, Instant.EPOCH),
				new PeerEntry("badregion", "http://10.0.0.1:7000/p/x", "EU WEST", 1, Instant.EPOCH),
				new PeerEntry("ftp", "ftp://10.0.0.1/p/x", "eu-west", 1, Instant.EPOCH),
				new PeerEntry("query", "http://10.0.0.1:7000/p/x?y=1", "eu-west", 1, Instant.EPOCH),
				new PeerEntry("pinonhttp", "http://10.0.0.1:7000/p/x", "eu-west", 1, Instant.EPOCH,
						"sha256/" + "c".repeat(43) + "="),
				new PeerEntry("badpin", "https://10.0.0.1:7000/p/x", "eu-west", 1, Instant.EPOCH, "md5/abc"),
				new PeerEntry("good", "wss://signal.example/v1/signal", "eu-west", 1, Instant.EPOCH));
		SegmentId unasked = SegmentId.ofBytes("not asked".getBytes());
		PeerLookupResponse answer = new PeerLookupResponse(List.of(new SegmentPeers(this.id.value(), 20, many),
				new SegmentPeers(this.id.value(), 1, List.of(many.get(0))),
				new SegmentPeers(unasked.value(), 1, List.of(many.get(0))),
				new SegmentPeers(other.value(), 7, malformed)));
		byte[] json = cdn.client.net.Json.MAPPER.writeValueAsBytes(answer);
		DisposableServer liar = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle((request, response) -> response.header("Content-Type", "application/json")
				.sendByteArray(Mono.just(json)))
			.bindNow();
		try {
			List<SegmentPeers> told = this.transport
				.exchange(new PeerEntry("liar", "http://127.0.0.1:" + liar.port() + "/p/liar", "eu-west", 1,
						Instant.now()), List.of(this.id, other), "eu-west", Duration.ofSeconds(2))
				.block(Duration.ofSeconds(5));
			// asked segments only, once each, at most 8 holders, only well-formed entries
			assertThat(told).extracting(SegmentPeers::segment).containsExactly(this.id.value(), other.value());
			assertThat(told.get(0).peers()).hasSize(PeerWire.MAX_EXCHANGED_PEERS);
			assertThat(told.get(1).peers()).extracting(PeerEntry::peerId).containsExactly("good");
		}
		finally {
			liar.disposeNow();
		}
	}

	@Test
	void aServerWithoutTlsServesPlainHttpWithoutAPin() {
		try (PeerServer plain = new PeerServer("127.0.0.1", 0, "127.0.0.1", ClientTracing.OFF, null)) {
			Host host = new Host(4);
			host.cache.put(this.id, this.bytes);
			plain.register("alice", List.of("song/a128"), host);
			assertThat(plain.endpoint("alice")).startsWith("http://");
			assertThat(plain.endpointPin("alice")).isNull();
			PeerEntry alice = new PeerEntry("alice", plain.endpoint("alice"), "us-east", 1, Instant.now(),
					plain.endpointPin("alice"));
			StepVerifier.create(this.transport.fetch(alice, this.id, Duration.ofSeconds(2)))
				.assertNext((received) -> assertThat(received).isEqualTo(this.bytes))
				.verifyComplete();
		}
	}

	private PeerEntry peer(String peerId) {
		return new PeerEntry(peerId, this.server.endpoint(peerId), "us-east", 1, Instant.now(),
				this.server.endpointPin(peerId));
	}

	private static class Host implements PeerHost {

		final SegmentCache cache = new SegmentCache(1 << 20, Duration.ofMinutes(1));

		final UploadLimiter limiter;

		long uploaded;

		String askedRegion;

		Host(int slots) {
			this.limiter = new UploadLimiter(slots, new EmulatedLink(new SimClock.Manual(), 0));
		}

		@Override
		public SegmentCache cache() {
			return this.cache;
		}

		@Override
		public UploadLimiter uploads() {
			return this.limiter;
		}

		final LoadingSegments loading = new LoadingSegments();

		@Override
		public LoadingSegments loading() {
			return this.loading;
		}

		@Override
		public void uploaded(long bytes) {
			this.uploaded += bytes;
		}

	}

}
