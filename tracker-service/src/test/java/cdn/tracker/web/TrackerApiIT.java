package cdn.tracker.web;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import cdn.kit.test.ServiceAssertions;
import cdn.protocol.tracker.AnnounceRequest;
import cdn.protocol.tracker.AnnounceResponse;
import cdn.protocol.tracker.PeerEntry;
import cdn.protocol.tracker.PeerLookupRequest;
import cdn.protocol.tracker.PeerLookupResponse;
import cdn.protocol.tracker.PeerReport;
import cdn.protocol.tracker.SegmentPeers;
import cdn.protocol.tracker.SwarmView;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

/** The whole API over HTTP, on the in-memory store. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.defaults.metrics.export.enabled=true", "tracker.announce.rate-limit=3",
				"tracker.reports.threshold=2", "tracker.announce.sweep-interval=100ms" })
@AutoConfigureWebTestClient
class TrackerApiIT {

	static final String S1 = "1".repeat(64);

	static final String S2 = "2".repeat(64);

	static final String S3 = "3".repeat(64);

	static final String API1 = "c".repeat(64);

	static final String API2 = "d".repeat(64);

	static final String METRICS = "e".repeat(64);

	@Autowired
	WebTestClient client;

	static AnnounceRequest started(String peer, String track, String region, List<String> have) {
		return AnnounceRequest.started(peer, track, "a128", region, "http://127.0.0.1:7001/" + peer, have, 2000);
	}

	AnnounceResponse announce(AnnounceRequest request) {
		return this.client.post()
			.uri("/v1/announce")
			.bodyValue(request)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(AnnounceResponse.class)
			.returnResult()
			.getResponseBody();
	}

	List<PeerEntry> peers(String query) {
		return this.client.get()
			.uri("/v1/peers?" + query)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<List<PeerEntry>>() {
			})
			.returnResult()
			.getResponseBody();
	}

	/**
	 * A browser listener on the web player's page (the router's origin) announces and
	 * looks up across origins: JSON posts pass their preflight, answers carry the CORS
	 * headers.
	 */
	@Test
	void aBrowserFromAnotherOriginMayAnnounceAndLookUp() {
		this.client.options()
			.uri("/v1/peers/lookup")
			.header("Origin", "http://localhost:8080")
			.header("Access-Control-Request-Method", "POST")
			.header("Access-Control-Request-Headers", "content-type")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("Access-Control-Allow-Origin", "*")
			.expectHeader()
			.value("Access-Control-Allow-Methods", (methods) -> assertThat(methods).contains("POST"));
		this.client.post()
			.uri("/v1/announce")
			.header("Origin", "http://localhost:8080")
			.bodyValue(started("cors-browser", "cors-track", "us-east", List.of(S1)))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("Access-Control-Allow-Origin", "*");
	}

	@Test
	void announcedPeersAreFoundSameRegionFirstWithAvailability() {
		AnnounceResponse answer = announce(started("api-alice", "api-track", "eu-west", List.of(API1, API2)));
		assertThat(answer.intervalSeconds()).isBetween(27, 33);
		announce(started("api-bob", "api-track", "us-east", List.of(API1)));
		announce(started("api-carol", "api-track", "eu-west", List.of()));

		List<PeerEntry> peers = this.client.get()
			.uri("/v1/peers?segment={s}&region=eu-west&exclude=api-carol", API1)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Availability", "2")
			.expectBody(new ParameterizedTypeReference<List<PeerEntry>>() {
			})
			.returnResult()
			.getResponseBody();
		assertThat(peers).extracting(PeerEntry::peerId).containsExactly("api-alice", "api-bob");
		assertThat(peers.get(0).score()).isGreaterThan(1);
		assertThat(peers.get(1).score()).isBetween(0.0, 1.0);
		assertThat(peers.get(0).endpoint()).isEqualTo("http://127.0.0.1:7001/api-alice");
		assertThat(peers.get(0).region()).isEqualTo("eu-west");
		assertThat(peers.get(0).lastSeen()).isNotNull();

		assertThat(peers("segment=" + API1 + "&region=us-east&exclude=api-bob")).extracting(PeerEntry::peerId)
			.containsExactly("api-alice");
		assertThat(peers("segment=" + API1 + "&region=eu-west&count=0")).hasSize(1);
		assertThat(peers("segment=" + API1 + "&region=eu-west&count=1000")).hasSize(2);
	}

	@Test
	void aPeerServerOverTlsIsHandedOutWithItsKeyPin() {
		String pin = "sha256/" + "k".repeat(43) + "=";
		announce(AnnounceRequest
			.started("pin-alice", "pin-track", "a128", "eu-west", "https://127.0.0.1:7443/p/pin-alice", List.of(API1),
					2000)
			.pinned(pin));
		announce(started("pin-bob", "pin-track", "eu-west", List.of(API1)));

		assertThat(peers("segment=" + API1 + "&region=eu-west&count=10"))
			.filteredOn((peer) -> peer.peerId().startsWith("pin-"))
			.extracting(PeerEntry::peerId, PeerEntry::endpoint, PeerEntry::endpointPin)
			.containsExactlyInAnyOrder(tuple("pin-alice", "https://127.0.0.1:7443/p/pin-alice", pin),
					tuple("pin-bob", "http://127.0.0.1:7001/pin-bob", null));
		// the batched form too
		PeerLookupResponse batched = this.client.post()
			.uri("/v1/peers/lookup")
			.bodyValue(new PeerLookupRequest(List.of(API1), "eu-west", 10, "pin-carol"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(PeerLookupResponse.class)
			.returnResult()
			.getResponseBody();
		assertThat(batched.segments().get(0).peers()).filteredOn((peer) -> peer.peerId().equals("pin-alice"))
			.singleElement()
			.satisfies((alice) -> assertThat(alice.endpointPin()).isEqualTo(pin));
	}

	@Test
	void batchedLookupAnswersEverySegmentInOrder() {
		announce(started("batch-alice", "batch-track", "eu-west", List.of(S1, S2)));
		announce(started("batch-bob", "batch-track", "us-east", List.of(S1)));
		PeerLookupResponse response = this.client.post()
			.uri("/v1/peers/lookup")
			.bodyValue(new PeerLookupRequest(List.of(S3, S2, S1), "us-east", 1, "batch-bob"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(PeerLookupResponse.class)
			.returnResult()
			.getResponseBody();
		assertThat(response.segments()).extracting(SegmentPeers::segment).containsExactly(S3, S2, S1);
		assertThat(response.segments().get(0).peers()).isEmpty();
		assertThat(response.segments().get(0).availability()).isZero();
		assertThat(response.segments().get(1).peers()).extracting(PeerEntry::peerId).containsExactly("batch-alice");
		assertThat(response.segments().get(2).availability()).isGreaterThanOrEqualTo(2);
		assertThat(response.segments().get(2).peers()).hasSize(1)
			.extracting(PeerEntry::peerId)
			.doesNotContain("batch-bob");
	}

	@Test
	void aClaimedSegmentIsLoadedByOnePeerAndTheOthersAreToldWho() {
		String s5 = "a5".repeat(32);
		String s6 = "a6".repeat(32);
		announce(started("claim-alice", "claim-track", "eu-west", List.of()));
		announce(started("claim-bob", "claim-track", "eu-west", List.of()));
		List<String> window = List.of(s5, s6);
		List<SegmentPeers> alice = lookup(new PeerLookupRequest(window, "eu-west", 3, "claim-alice", window, 1));
		assertThat(alice).extracting(SegmentPeers::claimed).containsExactly(true, false);
		assertThat(alice).allSatisfy((peers) -> assertThat(peers.loading()).isEmpty());
		List<SegmentPeers> bob = lookup(new PeerLookupRequest(window, "eu-west", 3, "claim-bob", window, 1));
		assertThat(bob).extracting(SegmentPeers::claimed).containsExactly(false, true);
		assertThat(bob.get(0).loading()).singleElement().satisfies((loader) -> {
			assertThat(loader.peerId()).isEqualTo("claim-alice");
			assertThat(loader.endpoint()).isEqualTo("http://127.0.0.1:7001/claim-alice");
			assertThat(loader.score()).isGreaterThan(1);
		});
		// once the loader announces the segment, it is a holder, no longer a loader
		announce(AnnounceRequest.update("claim-alice", "claim-track", "a128", "eu-west",
				"http://127.0.0.1:7001/claim-alice", List.of(s5), List.of(), 2000, 0, 0));
		List<SegmentPeers> later = lookup(new PeerLookupRequest(window, "eu-west", 3, "claim-bob", List.of(), 0));
		assertThat(later.get(0).peers()).extracting(PeerEntry::peerId).containsExactly("claim-alice");
		assertThat(later.get(0).loading()).isEmpty();
		// a lookup without a claim answers as before: no loading, no claimed
		this.client.post()
			.uri("/v1/peers/lookup")
			.bodyValue(new PeerLookupRequest(window, "eu-west", 3, "claim-bob"))
			.exchange()
			.expectBody()
			.jsonPath("$.segments[1].loading")
			.doesNotExist()
			.jsonPath("$.segments[1].claimed")
			.doesNotExist();
	}

	List<SegmentPeers> lookup(PeerLookupRequest request) {
		return this.client.post()
			.uri("/v1/peers/lookup")
			.bodyValue(request)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(PeerLookupResponse.class)
			.returnResult()
			.getResponseBody()
			.segments();
	}

	@Test
	void swarmShowsPeersPerRegionAndDeleteRemovesAPeer() {
		String s4 = "4".repeat(64);
		announce(started("swarm-a", "swarm-track", "eu-west", List.of(s4)));
		announce(started("swarm-b", "swarm-track", "ap-south", List.of(s4)));
		SwarmView swarm = this.client.get()
			.uri("/v1/swarms/swarm-track")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(SwarmView.class)
			.returnResult()
			.getResponseBody();
		assertThat(swarm.peers()).isEqualTo(2);
		assertThat(swarm.peersByRegion()).containsOnly(Map.entry("eu-west", 1L), Map.entry("ap-south", 1L));
		assertThat(swarm.renditions()).singleElement().satisfies((rendition) -> {
			assertThat(rendition.rendition()).isEqualTo("a128");
			assertThat(rendition.maxAvailability()).isEqualTo(2);
		});

		this.client.delete().uri("/v1/peers/swarm-a").exchange().expectStatus().isNoContent();
		this.client.delete().uri("/v1/peers/swarm-a").exchange().expectStatus().isNoContent();
		assertThat(peers("segment=" + s4 + "&region=eu-west")).extracting(PeerEntry::peerId).containsExactly("swarm-b");
	}

	@Test
	void stoppedAnnounceRemovesThePeer() {
		String s5 = "5".repeat(64);
		announce(started("stop-a", "stop-track", "eu-west", List.of(s5)));
		announce(AnnounceRequest.stopped("stop-a"));
		assertThat(peers("segment=" + s5 + "&region=eu-west")).isEmpty();
	}

	@Test
	void announcingTooOftenGets429WithRetryAfter() {
		for (int i = 0; i < 3; i++) {
			announce(started("rate-a", "rate-track", "eu-west", List.of()));
		}
		this.client.post()
			.uri("/v1/announce")
			.bodyValue(started("rate-a", "rate-track", "eu-west", List.of()))
			.exchange()
			.expectStatus()
			.isEqualTo(429)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.value("Retry-After", (value) -> assertThat(Integer.parseInt(value)).isBetween(1, 10))
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("announcing too often");
	}

	@Test
	void reportedPeerIsQuarantinedOnceEnoughPeersReportIt() {
		String s6 = "6".repeat(64);
		announce(started("rep-bad", "rep-track", "eu-west", List.of(s6)));
		announce(started("rep-a", "rep-track", "eu-west", List.of()));
		announce(started("rep-b", "rep-track", "eu-west", List.of()));
		report("rep-bad", new PeerReport("rep-a", "hash-mismatch")).expectStatus().isAccepted();
		assertThat(peers("segment=" + s6 + "&region=eu-west")).hasSize(1);
		report("rep-bad", new PeerReport("rep-b", "timeout")).expectStatus().isAccepted();
		assertThat(peers("segment=" + s6 + "&region=eu-west")).isEmpty();

		report("rep-nobody", new PeerReport("rep-a", "timeout")).expectStatus().isNotFound();
		report("rep-bad", new PeerReport("rep-stranger", "timeout")).expectStatus().isForbidden();
	}

	private WebTestClient.ResponseSpec report(String peer, PeerReport report) {
		return this.client.post().uri("/v1/peers/{peer}/reports", peer).bodyValue(report).exchange();
	}

	@Test
	void metricsCountRequestsAndPeersPerRegion() {
		announce(started("metrics-a", "metrics-track", "ap-south", List.of(METRICS)));
		peers("segment=" + METRICS + "&region=ap-south");
		this.client.get().uri("/v1/peers?segment=bad&region=ap-south").exchange().expectStatus().isBadRequest();
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
			String scrape = ServiceAssertions.scrape(this.client);
			assertThat(scrape).containsPattern("cdn_tracker_requests_total\\{[^}]*op=\"announce\",outcome=\"ok\"")
				.containsPattern("cdn_tracker_requests_total\\{[^}]*op=\"lookup\",outcome=\"ok\"")
				.containsPattern("cdn_tracker_requests_total\\{[^}]*op=\"lookup\",outcome=\"rejected\"\\} [1-9]")
				.containsPattern("cdn_tracker_peers\\{[^}]*region=\"ap-south\"\\} [1-9]");
		});
	}

	@Test
	void healthProbesReportThePeerStore() {
		this.client.get()
			.uri("/actuator/health/readiness")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP")
			.jsonPath("$.components.peerStore.status")
			.isEqualTo("UP");
		this.client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
	}

}
