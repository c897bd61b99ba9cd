package cdn.router.web;

import java.time.Duration;
import java.util.List;

import cdn.kit.test.RawHttp;
import cdn.router.StubEdge;
import cdn.router.edge.EdgeRegistry;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code /v1/route} answered in the Netty pipeline ({@link RouteFastPath}) is the
 * controller's answer, byte for byte, and keeps HTTP/1.1's order and connection semantics
 * when it shares a connection with requests the controller answers.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.defaults.metrics.export.enabled=true", "router.health.interval=250ms",
				"router.health.timeout=200ms",
				// where Spring Boot would read forwarded headers by default
				"spring.main.cloud-platform=kubernetes", "router.subnets.eu-west[0]=203.0.113.0/24" })
class RouteFastPathIT {

	private static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);

	static final StubEdge EAST = StubEdge.start();

	static final StubEdge WEST = StubEdge.start();

	@DynamicPropertySource
	static void edges(DynamicPropertyRegistry registry) {
		registry.add("router.edges[0].url", EAST::url);
		registry.add("router.edges[0].region", () -> "us-east");
		registry.add("router.edges[1].url", WEST::url);
		registry.add("router.edges[1].region", () -> "eu-west");
	}

	@AfterAll
	static void stopEdges() {
		List.of(EAST, WEST).forEach(StubEdge::close);
	}

	@Autowired
	EdgeRegistry registry;

	@Autowired
	MeterRegistry meters;

	@LocalServerPort
	int port;

	@BeforeEach
	void bothEdgesHealthy() {
		await().atMost(Duration.ofSeconds(10)).until(() -> this.registry.snapshot().healthy().size() == 2);
	}

	@Test
	void answersAsTheControllerDoes() throws Exception {
		long controllerBefore = controllerAnswers();
		try (RawHttp connection = new RawHttp(this.port, ANSWER_WITHIN)) {
			for (String[] pair : new String[][] {
					{ "region=eu-west&track=night-drive", "region=eu-west&track=night%2Ddrive" },
					{ "region=mars", "region=%6Dars" }, { "track=night-drive", "track=night-driv%65" } }) {
				// the percent-encoded twin is handed on to the controller, which decodes
				// it
				RawHttp.Response fast = connection.send(RawHttp.request("GET /v1/route?" + pair[0] + " HTTP/1.1"))
					.read(false);
				RawHttp.Response controller = connection.send(RawHttp.request("GET /v1/route?" + pair[1] + " HTTP/1.1"))
					.read(false);
				assertThat(fast.status()).isEqualTo(200);
				assertThat(fast.headers()).isEqualTo(controller.headers());
				assertThat(new String(fast.body())).isEqualTo(new String(controller.body()));
			}
		}
		// only the three encoded twins reached the controller (and its request metric)
		await().atMost(ANSWER_WITHIN).until(() -> controllerAnswers() - controllerBefore == 3);
	}

	@Test
	void aForwardedAddressIsNotTheClientsUnlessTrusted() throws Exception {
		try (RawHttp connection = new RawHttp(this.port, ANSWER_WITHIN)) {
			String[] forwarded = { "X-Forwarded-For: 203.0.113.9", "Forwarded: for=203.0.113.9" };
			RawHttp.Response fast = connection
				.send(RawHttp.request("GET /v1/route?track=night-drive HTTP/1.1", forwarded))
				.read(false);
			RawHttp.Response controller = connection
				.send(RawHttp.request("GET /v1/route?track=night-driv%65 HTTP/1.1", forwarded))
				.read(false);
			assertThat(new String(fast.body())).startsWith("{\"region\":\"us-east\"")
				.isEqualTo(new String(controller.body()));
		}
	}

	@Test
	void anAcceptThatMayNotTakeJsonIsNegotiatedByTheController() throws Exception {
		try (RawHttp connection = new RawHttp(this.port, ANSWER_WITHIN)) {
			connection.send(RawHttp.request("GET /v1/route?region=eu-west HTTP/1.1", "Accept: text/plain"));
			assertThat(connection.read(false).status()).isEqualTo(406);
			connection.send(RawHttp.request("GET /v1/route?region=eu-west HTTP/1.1",
					"Accept: text/html, application/json;q=0.9"));
			assertThat(connection.read(false).status()).isEqualTo(200);
		}
		assertThat(RouteFastPath.acceptsJson(headers("application/json"))).isTrue();
		assertThat(RouteFastPath.acceptsJson(headers("*/*"))).isTrue();
		assertThat(RouteFastPath.acceptsJson(io.netty.handler.codec.http.EmptyHttpHeaders.INSTANCE)).isTrue();
		assertThat(RouteFastPath.acceptsJson(headers("text/plain"))).isFalse();
		assertThat(RouteFastPath.acceptsJson(headers("application/json;q=0"))).isFalse();
	}

	private static io.netty.handler.codec.http.HttpHeaders headers(String accept) {
		return new io.netty.handler.codec.http.DefaultHttpHeaders().add("Accept", accept);
	}

	@Test
	void requestsOfBothPathsOnOneConnectionAreAnsweredInOrder() throws Exception {
		try (RawHttp connection = new RawHttp(this.port, ANSWER_WITHIN)) {
			for (int round = 0; round < 100; round++) {
				connection.send(RawHttp.request("GET /v1/route?region=us-east&track=night-drive HTTP/1.1"),
						RawHttp.request("GET /v1/edges HTTP/1.1"),
						RawHttp.request("GET /v1/route?track=Not_A_Track HTTP/1.1"),
						RawHttp.request("HEAD /v1/route?region=eu-west HTTP/1.1"),
						RawHttp.request("GET /v1/route?region=eu-west HTTP/1.1"));
				RawHttp.Response first = connection.read(false);
				assertThat(first.status()).as("round %d", round).isEqualTo(200);
				assertThat(new String(first.body())).contains("\"region\":\"us-east\"", "\"track\":\"night-drive\"");
				RawHttp.Response edges = connection.read(false);
				assertThat(edges.status()).isEqualTo(200);
				assertThat(new String(edges.body())).contains(EAST.url(), WEST.url());
				RawHttp.Response invalid = connection.read(false);
				assertThat(invalid.status()).isEqualTo(400);
				assertThat(invalid.header("content-type")).isEqualTo("application/problem+json");
				RawHttp.Response head = connection.read(true);
				assertThat(head.status()).isEqualTo(200);
				RawHttp.Response last = connection.read(false);
				assertThat(last.status()).isEqualTo(200);
				assertThat(head.header("content-length")).isEqualTo(last.header("content-length"));
				assertThat(new String(last.body())).startsWith("{\"region\":\"eu-west\"");
			}
		}
	}

	@Test
	void connectionCloseAndHttp10AreHonoured() throws Exception {
		try (RawHttp connection = new RawHttp(this.port, ANSWER_WITHIN)) {
			connection.send(RawHttp.request("GET /v1/route?region=eu-west HTTP/1.1", "Connection: close"));
			RawHttp.Response response = connection.read(false);
			assertThat(response.status()).isEqualTo(200);
			assertThat(response.header("connection")).isEqualTo("close");
			assertThat(connection.closedByServer()).isTrue();
		}
		try (RawHttp connection = new RawHttp(this.port, ANSWER_WITHIN)) {
			connection.send(RawHttp.request("GET /v1/route?region=eu-west HTTP/1.0"));
			assertThat(connection.read(false).status()).isEqualTo(200);
			assertThat(connection.closedByServer()).isTrue();
		}
		try (RawHttp connection = new RawHttp(this.port, ANSWER_WITHIN)) {
			connection.send(RawHttp.request("GET /v1/route?region=eu-west HTTP/1.0", "Connection: keep-alive"));
			RawHttp.Response first = connection.read(false);
			assertThat(first.header("connection")).isEqualTo("keep-alive");
			connection.send(RawHttp.request("GET /v1/route?region=us-east HTTP/1.0", "Connection: keep-alive"));
			assertThat(new String(connection.read(false).body())).startsWith("{\"region\":\"us-east\"");
		}
	}

	@Test
	void eachDecisionIsCountedOnce() throws Exception {
		double before = decisions();
		try (RawHttp connection = new RawHttp(this.port, ANSWER_WITHIN)) {
			for (int i = 0; i < 10; i++) {
				connection.send(RawHttp.request("GET /v1/route?region=eu-west&track=t-" + i + " HTTP/1.1"));
				assertThat(connection.read(false).status()).isEqualTo(200);
			}
			// handed on (percent-encoded): decided by the controller alone
			connection.send(RawHttp.request("GET /v1/route?region=eu-west&track=t%2D1 HTTP/1.1"));
			assertThat(connection.read(false).status()).isEqualTo(200);
		}
		assertThat(decisions() - before).isEqualTo(11);
	}

	@Test
	void plainQueriesOnlyAreReadHere() {
		assertThat(RouteFastPath.plainQuery("region=eu-west&track=night-drive"))
			.containsExactlyInAnyOrderEntriesOf(java.util.Map.of("region", "eu-west", "track", "night-drive"));
		assertThat(RouteFastPath.plainQuery("x=1")).containsEntry("x", "1");
		for (String handedOn : List.of("", "region", "region=", "=x", "region=a&region=b", "region=a&", "a=b=c",
				"track=night%2Ddrive", "region=eu+west", "track=a;b")) {
			assertThat(RouteFastPath.plainQuery(handedOn)).as(handedOn).isNull();
		}
	}

	/**
	 * Requests to {@code /v1/route} the framework observed, i.e. that the controller
	 * answered.
	 */
	private long controllerAnswers() {
		return this.meters.find("http.server.requests")
			.tag("uri", "/v1/route")
			.timers()
			.stream()
			.mapToLong(io.micrometer.core.instrument.Timer::count)
			.sum();
	}

	private double decisions() {
		return this.meters.find("cdn.router.decisions").counters().stream().mapToDouble(Counter::count).sum();
	}

}
