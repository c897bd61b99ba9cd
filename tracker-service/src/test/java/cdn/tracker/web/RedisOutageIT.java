package cdn.tracker.web;

import java.time.Duration;
import java.util.List;

import cdn.protocol.tracker.AnnounceRequest;
import cdn.protocol.tracker.PeerEntry;
import cdn.protocol.tracker.PeerLookupRequest;
import cdn.protocol.tracker.PeerLookupResponse;
import cdn.tracker.EmbeddedRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The tracker on the Redis store, with Redis stopped in the middle: lookups still answer
 * 200, empty, within their deadline; announces get 503 with Retry-After; readiness goes
 * DOWN while liveness stays UP; and all of it recovers when Redis is back.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "tracker.store=redis", "tracker.redis.timeout=300ms", "tracker.lookup.timeout=250ms",
				"management.defaults.metrics.export.enabled=true" })
@AutoConfigureWebTestClient
class RedisOutageIT {

	static final EmbeddedRedis redis = EmbeddedRedis.start();

	static final String SEGMENT = "f".repeat(64);

	@Autowired
	WebTestClient client;

	@DynamicPropertySource
	static void redisUrl(DynamicPropertyRegistry registry) {
		registry.add("tracker.redis.url", () -> redis.url().toString());
	}

	@AfterAll
	static void stopRedis() {
		redis.stop();
	}

	@Test
	void redisStoppedMidTestDegradesToEmptyLookupsAndNotReady() {
		announce("outage-a").expectStatus().isOk();
		assertThat(lookup()).extracting(PeerEntry::peerId).containsExactly("outage-a");

		redis.stop();
		for (int i = 0; i < 5; i++) {
			long start = System.nanoTime();
			this.client.get()
				.uri("/v1/peers?segment={s}&region=eu-west", SEGMENT)
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals("X-Availability", "0")
				.expectBody()
				.json("[]");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
		}
		PeerLookupResponse batched = batchedLookup(new PeerLookupRequest(List.of(SEGMENT), "eu-west", 5, null));
		assertThat(batched.segments()).singleElement().satisfies((segment) -> assertThat(segment.peers()).isEmpty());
		assertThat(batched.storeDegraded()).as("the answer says why it names nobody").isTrue();
		// a claiming lookup too: no holders, no loader, nothing granted (the listener
		// keeps the edge)
		PeerLookupResponse claiming = batchedLookup(
				new PeerLookupRequest(List.of(SEGMENT), "eu-west", 5, "outage-c", List.of(SEGMENT), 1));
		assertThat(claiming.segments()).singleElement().satisfies((segment) -> {
			assertThat(segment.peers()).isEmpty();
			assertThat(segment.loading()).isEmpty();
			assertThat(segment.claimed()).isFalse();
		});
		announce("outage-b").expectStatus()
			.isEqualTo(503)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectHeader()
			.exists("Retry-After");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> this.client.get()
				.uri("/actuator/health/readiness")
				.exchange()
				.expectStatus()
				.isEqualTo(503)
				.expectBody()
				.jsonPath("$.components.peerStore.status")
				.isEqualTo("DOWN"));
		this.client.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
		String scrape = this.client.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(scrape)
			.containsPattern("cdn_tracker_requests_total\\{[^}]*op=\"lookup\",outcome=\"degraded\"\\} [1-9]")
			.containsPattern("cdn_tracker_requests_total\\{[^}]*op=\"announce\",outcome=\"unavailable\"\\} [1-9]");

		redis.restart();
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> this.client.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk());
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> announce("outage-c").expectStatus().isOk());
		assertThat(lookup()).extracting(PeerEntry::peerId).containsExactly("outage-c");
		PeerLookupResponse recovered = batchedLookup(new PeerLookupRequest(List.of(SEGMENT), "eu-west", 5, null));
		assertThat(recovered.storeDegraded()).isFalse();
	}

	private WebTestClient.ResponseSpec announce(String peer) {
		return this.client.post()
			.uri("/v1/announce")
			.bodyValue(AnnounceRequest.started(peer, "outage-track", "a128", "eu-west", "http://127.0.0.1:7001/" + peer,
					List.of(SEGMENT), 1000))
			.exchange();
	}

	private PeerLookupResponse batchedLookup(PeerLookupRequest request) {
		return this.client.post()
			.uri("/v1/peers/lookup")
			.bodyValue(request)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(PeerLookupResponse.class)
			.returnResult()
			.getResponseBody();
	}

	private List<PeerEntry> lookup() {
		return this.client.get()
			.uri("/v1/peers?segment={s}&region=eu-west", SEGMENT)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<List<PeerEntry>>() {
			})
			.returnResult()
			.getResponseBody();
	}

}
