package cdn.router.takedown;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import cdn.kit.audit.AuditLog;
import cdn.router.StubEdge;
import cdn.router.edge.EdgeRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cdn.kit.test.ServiceAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator's one takedown call: the router sends it to the origin, the tracker and
 * every edge of its registry (stand-ins that record the calls) with each one's operator
 * token, the edges after the origin with the segments it deleted, reports every target,
 * answers a 502 problem with the report when one failed (an error status, a timeout), and
 * routes the track no more (410) until the takedown is lifted. Behind
 * {@code router.admin-token}, audited.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "router.health.interval=250ms", "router.health.timeout=200ms",
				"router.admin-token=" + TakedownIT.TOKEN, "router.admin.edge-token=" + TakedownIT.EDGE_TOKEN,
				"router.admin.timeout=1s" })
@AutoConfigureWebTestClient(timeout = "PT30S")
class TakedownIT {

	static final String TOKEN = "router-operator-token-5e2b";

	static final String EDGE_TOKEN = "edge-operator-token-91c4";

	static final String SEGMENT = "ab".repeat(32) + ".m4s";

	static final StubEdge ORIGIN = StubEdge.start();

	static final StubEdge TRACKER = StubEdge.start();

	static final StubEdge EDGE_A = StubEdge.start();

	static final StubEdge EDGE_B = StubEdge.start();

	static final Path AUDIT = temp().resolve("router.jsonl");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@DynamicPropertySource
	static void settings(DynamicPropertyRegistry registry) {
		registry.add("router.edges[0].url", EDGE_A::url);
		registry.add("router.edges[0].region", () -> "us-east");
		registry.add("router.edges[1].url", EDGE_B::url);
		registry.add("router.edges[1].region", () -> "eu-west");
		registry.add("router.admin.origin-url", ORIGIN::url);
		registry.add("router.tracker", TRACKER::url);
		registry.add("cdn.audit.file", AUDIT::toString);
	}

	@AfterAll
	static void stopStubs() {
		List.of(ORIGIN, TRACKER, EDGE_A, EDGE_B).forEach(StubEdge::close);
	}

	@Autowired
	WebTestClient http;

	@Autowired
	EdgeRegistry registry;

	@BeforeEach
	void everyTargetAnswers() {
		ORIGIN.admin(200, "{\"trackId\":\"x\",\"playlists\":4,\"segments\":[\"" + SEGMENT + "\"],\"sharedSegments\":1}")
			.adminDelay(Duration.ZERO);
		TRACKER.admin(200, "{}").adminDelay(Duration.ZERO);
		EDGE_A.admin(200, "{}").adminDelay(Duration.ZERO);
		EDGE_B.admin(200, "{}").adminDelay(Duration.ZERO);
		List.of(ORIGIN, TRACKER, EDGE_A, EDGE_B).forEach(StubEdge::clearAdminCalls);
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> this.registry.snapshot().healthy().size() == 2);
	}

	@Test
	void aTakedownReachesEveryTargetAndTheTrackIsNoLongerRouted() throws Exception {
		this.http.get().uri("/v1/route?track=doomed-song").exchange().expectStatus().isOk();

		JsonNode report = json(admin("POST", "/v1/admin/takedowns/doomed-song").expectStatus()
			.isOk()
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON));
		assertThat(report.get("trackId").asString()).isEqualTo("doomed-song");
		assertThat(report.get("action").asString()).isEqualTo("takedown");
		assertThat(report.get("targets")
			.valueStream()
			.map((target) -> target.get("service").asString() + " " + target.get("url").asString() + " "
					+ target.get("status").asInt() + " " + target.has("error")))
			.containsExactly("origin " + ORIGIN.url() + " 200 false", "tracker " + TRACKER.url() + " 200 false",
					"edge " + edgesByUrl().get(0) + " 200 false", "edge " + edgesByUrl().get(1) + " 200 false");

		assertThat(ORIGIN.adminCalls())
			.containsExactly(new StubEdge.AdminCall("DELETE", "/v1/admin/tracks/doomed-song", "Bearer " + TOKEN, ""));
		assertThat(TRACKER.adminCalls())
			.containsExactly(new StubEdge.AdminCall("PUT", "/v1/admin/takedowns/doomed-song", "Bearer " + TOKEN, ""));
		for (StubEdge edge : List.of(EDGE_A, EDGE_B)) {
			assertThat(edge.adminCalls()).singleElement().satisfies((call) -> {
				assertThat(call.method()).isEqualTo("PUT");
				assertThat(call.path()).isEqualTo("/v1/admin/takedowns/doomed-song");
				assertThat(call.authorization()).isEqualTo("Bearer " + EDGE_TOKEN);
				assertThat(JSON.readTree(call.body()).get("segments").get(0).asString()).isEqualTo(SEGMENT);
			});
		}

		// no route, redirect, page or signature for it, from the fast path or the
		// controller
		for (String path : List.of("/v1/route?track=doomed-song", "/v1/route?region=eu-west&track=doomed-song",
				"/v1/route?track=doomed-song&peer=listener-1", "/play/doomed-song", "/listen/doomed-song")) {
			expectProblem(this.http.get().uri(path).exchange(), 410);
		}
		this.http.get().uri("/v1/route?track=other-song").exchange().expectStatus().isOk();
		admin("GET", "/v1/admin/takedowns").expectStatus().isOk().expectBody().json("[\"doomed-song\"]");

		JsonNode lifted = json(admin("DELETE", "/v1/admin/takedowns/doomed-song").expectStatus().isOk());
		assertThat(lifted.get("action").asString()).isEqualTo("lift");
		assertThat(lifted.get("targets").valueStream().map((target) -> target.get("service").asString()))
			.containsExactly("tracker", "edge", "edge");
		assertThat(EDGE_A.adminCalls()).last()
			.isEqualTo(new StubEdge.AdminCall("DELETE", "/v1/admin/takedowns/doomed-song", "Bearer " + EDGE_TOKEN, ""));
		assertThat(ORIGIN.adminCalls()).hasSize(1);
		this.http.get().uri("/v1/route?track=doomed-song").exchange().expectStatus().isOk();
		admin("GET", "/v1/admin/takedowns").expectStatus().isOk().expectBody().json("[]");

		List<JsonNode> lines = auditLines("doomed-song");
		assertThat(lines).extracting((line) -> line.get("action").asString() + " " + line.get("status").asInt())
			.containsExactly("takedown 200", "lift-takedown 200");
		assertThat(lines.get(0).get("actor").asString()).isEqualTo(AuditLog.operator(TOKEN));
		assertThat(Files.readString(AUDIT)).doesNotContain(TOKEN).doesNotContain(EDGE_TOKEN);
	}

	@Test
	void aFailedOrSilentTargetMakesA502ProblemThatStillReportsEveryTarget() throws Exception {
		EDGE_B.admin(503, "{\"status\":503}");
		TRACKER.adminDelay(Duration.ofSeconds(3));
		JsonNode problem = json(admin("POST", "/v1/admin/takedowns/failing-song").expectStatus()
			.isEqualTo(502)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON));
		assertThat(problem.get("status").asInt()).isEqualTo(502);
		assertThat(problem.get("detail").asString()).startsWith("2 of 4 targets failed");
		assertThat(problem.get("trackId").asString()).isEqualTo("failing-song");
		assertThat(problem.get("targets")
			.valueStream()
			.map((target) -> target.get("service").asString() + " " + target.path("status").asInt(0) + " "
					+ target.path("error").asString("-")))
			.containsExactly("origin 200 -", "tracker 0 timeout", failingOrNot(edgesByUrl().get(0)),
					failingOrNot(edgesByUrl().get(1)));
		// the router routes it no more all the same
		expectProblem(this.http.get().uri("/v1/route?track=failing-song").exchange(), 410);
		// the origin no longer has it: a second takedown is done there
		ORIGIN.admin(404, "{\"status\":404}");
		EDGE_B.admin(200, "{}");
		TRACKER.adminDelay(Duration.ZERO);
		JsonNode again = json(admin("POST", "/v1/admin/takedowns/failing-song").expectStatus().isOk());
		assertThat(again.get("targets").get(0).get("status").asInt()).isEqualTo(404);
		assertThat(JSON.readTree(EDGE_A.adminCalls().get(1).body()).get("segments").size()).isZero();
		admin("DELETE", "/v1/admin/takedowns/failing-song").expectStatus().isOk();
	}

	@Test
	void theTakedownApiNeedsTheOperatorTokenAndAValidTrackId() {
		this.http.post()
			.uri("/v1/admin/takedowns/some-song")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		expectProblem(this.http.post()
			.uri("/v1/admin/takedowns/some-song")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + EDGE_TOKEN)
			.exchange(), 403);
		expectProblem(admin("POST", "/v1/admin/takedowns/Some_Song"), 400);
		expectProblem(this.http.get().uri("/v1/admin/takedowns").exchange(), 401);
		assertThat(ORIGIN.adminCalls()).isEmpty();
		assertThat(EDGE_A.adminCalls()).isEmpty();
		this.http.get().uri("/v1/route?track=some-song").exchange().expectStatus().isOk();
	}

	/** The edges as the report lists them: by URL. */
	private static List<String> edgesByUrl() {
		return java.util.stream.Stream.of(EDGE_A.url(), EDGE_B.url()).sorted().toList();
	}

	private static String failingOrNot(String edge) {
		return edge.equals(EDGE_B.url()) ? "edge 503 HTTP 503" : "edge 200 -";
	}

	private WebTestClient.ResponseSpec admin(String method, String path) {
		return this.http.method(org.springframework.http.HttpMethod.valueOf(method))
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN)
			.exchange();
	}

	private static JsonNode json(WebTestClient.ResponseSpec response) {
		return JSON.readTree(response.expectBody(String.class).returnResult().getResponseBody());
	}

	private static List<JsonNode> auditLines(String target) throws Exception {
		return Files.readAllLines(AUDIT)
			.stream()
			.map(JSON::readTree)
			.filter((line) -> line.path("target").asString("").equals(target))
			.toList();
	}

	private static Path temp() {
		try {
			return Files.createTempDirectory("router-takedown-it");
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
