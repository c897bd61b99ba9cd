package cdn.router;

import java.time.Duration;
import java.util.List;

import cdn.protocol.routing.Route;
import cdn.protocol.routing.RouteEdge;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Failover with the default health timing (probe every 1 s, 500 ms timeout, down after 2
 * failures, up after 2 successes) against stand-in edges that are stopped and restarted
 * on the same port: a dead or hung edge leaves {@code /v1/route} within 3 s and comes
 * back after restart; with no edge left the router answers 503 + {@code Retry-After}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class FailoverIT {

	private static final Logger log = LoggerFactory.getLogger(FailoverIT.class);

	/** The bound from an edge's death to its removal from routing. */
	static final Duration FAILOVER = Duration.ofSeconds(3);

	static final StubEdge EAST_1 = StubEdge.start();

	static final StubEdge EAST_2 = StubEdge.start();

	static final StubEdge WEST = StubEdge.start();

	static final List<StubEdge> ALL = List.of(EAST_1, EAST_2, WEST);

	@DynamicPropertySource
	static void edges(DynamicPropertyRegistry registry) {
		registry.add("router.edges[0].url", EAST_1::url);
		registry.add("router.edges[0].region", () -> "us-east");
		registry.add("router.edges[1].url", EAST_2::url);
		registry.add("router.edges[1].region", () -> "us-east");
		registry.add("router.edges[2].url", WEST::url);
		registry.add("router.edges[2].region", () -> "eu-west");
	}

	@AfterAll
	static void stopEdges() {
		ALL.forEach(StubEdge::close);
	}

	@Autowired
	WebTestClient http;

	@BeforeEach
	void everyEdgeRunningAndRouted() {
		ALL.forEach((edge) -> {
			edge.release();
			edge.restart();
		});
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(100))
			.untilAsserted(() -> assertThat(route("night-drive").edges()).hasSize(3));
	}

	@Test
	void aStoppedEdgeLeavesTheRouteWithinThreeSecondsAndReturnsAfterRestart() {
		String track = trackLeadingOn(EAST_1);

		long stoppedAt = System.nanoTime();
		EAST_1.stop();
		await().atMost(FAILOVER)
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(50))
			.untilAsserted(() -> assertThat(route(track).edges()).extracting(RouteEdge::url)
				.containsExactly(EAST_2.url(), WEST.url()));
		log.info("Stopped edge left the route after {} ms", Duration.ofNanos(System.nanoTime() - stoppedAt).toMillis());

		this.http.get()
			.uri("/v1/edges")
			.exchange()
			.expectBody()
			.jsonPath("$[?(@.url == '" + EAST_1.url() + "')].state")
			.isEqualTo("down")
			.jsonPath("$[?(@.url == '" + EAST_1.url() + "')].reason")
			.isEqualTo("connection refused");

		long restartedAt = System.nanoTime();
		EAST_1.restart();
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(50))
			.untilAsserted(() -> assertThat(route(track).edges().get(0).url()).isEqualTo(EAST_1.url()));
		log.info("Restarted edge was routed again after {} ms",
				Duration.ofNanos(System.nanoTime() - restartedAt).toMillis());
	}

	@Test
	void aHungEdgeLeavesTheRouteWithinThreeSeconds() {
		String track = trackLeadingOn(EAST_2);
		EAST_2.hang();
		await().atMost(FAILOVER)
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(50))
			.untilAsserted(() -> assertThat(route(track).edges()).extracting(RouteEdge::url)
				.containsExactly(EAST_1.url(), WEST.url()));
		EAST_2.release();
	}

	@Test
	void withEveryEdgeDownTheRouterAnswers503WithRetryAfterUntilOneReturns() {
		ALL.forEach(StubEdge::stop);
		await().atMost(FAILOVER)
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(50))
			.untilAsserted(() -> this.http.get()
				.uri("/v1/route?region=us-east&track=night-drive")
				.exchange()
				.expectStatus()
				.isEqualTo(503));
		for (String uri : List.of("/v1/route?region=us-east&track=night-drive", "/play/night-drive")) {
			this.http.get()
				.uri(uri)
				.exchange()
				.expectStatus()
				.isEqualTo(503)
				.expectHeader()
				.valueEquals(HttpHeaders.RETRY_AFTER, "2")
				.expectHeader()
				.contentType(MediaType.APPLICATION_PROBLEM_JSON)
				.expectBody()
				.jsonPath("$.detail")
				.isEqualTo("no healthy edge");
		}

		// the player's page still comes, without a route: it asks /v1/route and shows the
		// 503
		this.http.get()
			.uri("/listen/night-drive")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((page) -> assertThat(page).doesNotContain("cdn-route").doesNotContain("rel=\"preload\""));

		// the router itself stays ready: a 503 with Retry-After tells clients more than
		// no router
		this.http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();

		WEST.restart();
		await().atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(50))
			.untilAsserted(() -> assertThat(route("night-drive").edges()).extracting(RouteEdge::url)
				.containsExactly(WEST.url()));
		assertThat(route("night-drive").region()).isEqualTo("us-east");
	}

	private Route route(String track) {
		return this.http.get()
			.uri("/v1/route?region=us-east&track=" + track)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Route.class)
			.returnResult()
			.getResponseBody();
	}

	private String trackLeadingOn(StubEdge edge) {
		for (int i = 0;; i++) {
			String track = "track-" + i;
			if (route(track).edges().get(0).url().equals(edge.url())) {
				return track;
			}
		}
	}

}
