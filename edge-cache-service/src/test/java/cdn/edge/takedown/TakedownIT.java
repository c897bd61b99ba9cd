package cdn.edge.takedown;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import cdn.edge.EdgeApplication;
import cdn.edge.EdgeITSupport;
import cdn.edge.FakeUpstream;
import cdn.kit.security.SignedUrls;
import cdn.kit.security.UrlSigningKeys;
import cdn.protocol.SegmentName;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cdn.kit.test.ServiceAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A takedown at an edge that requires signed URLs: the track's playlists and the segments
 * named with it answer 410 to signed requests, hits of the fast path included, a fetch in
 * flight during the takedown ends in 410 and is not kept, other tracks and the segments
 * it shares are served; lifting it serves the track again. Behind the admin token,
 * audited, bad input refused.
 */
class TakedownIT {

	private static final String TOKEN = "edge-takedown-token-3a9e";

	private static final String KEYS = UrlSigningKeys.newEntry("u1");

	private static final SignedUrls SIGNER = new SignedUrls(UrlSigningKeys.parse(KEYS), Clock.systemUTC());

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static FakeUpstream origin;

	private static ConfigurableApplicationContext edge;

	private static Path audit;

	private static WebTestClient http;

	@BeforeAll
	static void start() throws Exception {
		origin = FakeUpstream.start();
		audit = Files.createTempDirectory("edge-takedown-it").resolve("audit.jsonl");
		edge = new SpringApplicationBuilder(EdgeApplication.class).run("--server.port=0",
				"--spring.main.banner-mode=off", "--edge.region=test-east", "--edge.upstream=" + origin.baseUrl(),
				"--edge.admin-token=" + TOKEN, "--cdn.signed-urls.keys=" + KEYS, "--cdn.signed-urls.required=true",
				"--cdn.audit.file=" + audit);
		http = EdgeITSupport
			.keepAliveConnections("http://127.0.0.1:" + edge.getEnvironment().getProperty("local.server.port"));
	}

	@AfterAll
	static void stop() {
		edge.close();
		origin.close();
	}

	@Test
	void aTakenDownTrackIsGoneForSignedRequestsHitsAndFetchesInFlightUntilLifted() throws Exception {
		List<SegmentName> segments = origin.track("gone-track", 2, 2048);
		List<SegmentName> others = origin.track("other-track", 1, 1024);
		String master = "/tracks/gone-track/master.m3u8";
		String media = "/tracks/gone-track/a128/index.m3u8";
		SegmentName cached = segments.get(2);
		SegmentName inFlight = segments.get(3);
		// a segment of the track another track shares (an init segment): not named, so
		// not blocked
		SegmentName shared = segments.get(0);
		for (String path : List.of(master, media, cached.path())) {
			expect(get(path), 200, "MISS");
			expect(get(path), 200, "HIT");
		}
		origin.hold(inFlight.path());
		CompletableFuture<Integer> waiting = CompletableFuture
			.supplyAsync(() -> get(inFlight.path()).expectBody().returnResult().getStatus().value());
		awaitRequests(inFlight.path(), 1);

		JsonNode report = JSON.readTree(admin(HttpMethod.PUT, "/v1/admin/takedowns/gone-track",
				Map.of("segments", List.of(cached.fileName(), inFlight.fileName())))
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
		assertThat(report.get("blockedSegments").asInt()).isEqualTo(2);
		assertThat(report.get("purged").asInt()).isGreaterThanOrEqualTo(3);
		origin.release(inFlight.path());
		assertThat(waiting.get(10, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(410);

		for (String path : List.of(master, media, "/tracks/gone-track/a64/index.m3u8", cached.path(), inFlight.path(),
				cached.path().replace(".m4s", ".ts"))) {
			expectProblem(get(path), 410);
			head(path).expectStatus().isEqualTo(410);
		}
		// a refused request never reaches the upstream, and the fetch in flight was not
		// kept (the edge asked once)
		assertThat(origin.hits(inFlight.path())).isEqualTo(1);
		assertThat(origin.hits(master)).isEqualTo(1);
		// unsigned: refused for the signature first, as any unsigned request
		expectProblem(http.get().uri(master).exchange(), 403);
		expect(get(shared.path()), 200, "MISS");
		expect(get(others.get(0).path()), 200, "MISS");
		expect(get("/tracks/other-track/master.m3u8"), 200, "MISS");
		admin(HttpMethod.GET, "/v1/admin/takedowns", null).expectStatus().isOk().expectBody().json("[\"gone-track\"]");

		admin(HttpMethod.DELETE, "/v1/admin/takedowns/gone-track", null).expectStatus().isNoContent();
		expect(get(master), 200, "MISS");
		expect(get(inFlight.path()), 200, "MISS");
		expect(get(cached.path()), 200, "MISS");
		expect(get(cached.path()), 200, "HIT");
		assertThat(origin.hits(inFlight.path())).isEqualTo(2);
		expectProblem(admin(HttpMethod.DELETE, "/v1/admin/takedowns/gone-track", null), 404);
		admin(HttpMethod.GET, "/v1/admin/takedowns", null).expectStatus().isOk().expectBody().json("[]");

		List<JsonNode> lines = Files.readAllLines(audit)
			.stream()
			.map(JSON::readTree)
			.filter((line) -> line.path("target").asString("").equals("gone-track")
					&& line.get("action").asString().endsWith("takedown"))
			.toList();
		assertThat(lines).extracting((line) -> line.get("action").asString() + " " + line.get("status").asInt())
			.containsExactly("takedown 200", "lift-takedown 204", "lift-takedown 404");
		assertThat(lines.get(0).get("details").get("blockedSegments").asInt()).isEqualTo(2);
		assertThat(Files.readString(audit)).doesNotContain(TOKEN);
	}

	@Test
	void takedownsNeedTheAdminTokenAndValidInput() {
		origin.track("safe-track", 1, 1024);
		http.put()
			.uri("/v1/admin/takedowns/safe-track")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		expectProblem(http.put()
			.uri("/v1/admin/takedowns/safe-track")
			.header(HttpHeaders.AUTHORIZATION, "Bearer not-the-admin-token")
			.exchange(), 403);
		expectProblem(admin(HttpMethod.PUT, "/v1/admin/takedowns/Safe_Track", null), 400);
		expectProblem(
				admin(HttpMethod.PUT, "/v1/admin/takedowns/safe-track", Map.of("segments", List.of("../etc/passwd"))),
				400);
		expectProblem(admin(HttpMethod.DELETE, "/v1/admin/takedowns/safe-track", null), 404);
		expect(get("/tracks/safe-track/master.m3u8"), 200, "MISS");
	}

	private static WebTestClient.ResponseSpec get(String path) {
		return http.get().uri(URI.create(signed(path))).exchange();
	}

	private static WebTestClient.ResponseSpec head(String path) {
		return http.head().uri(URI.create(signed(path))).exchange();
	}

	private static String signed(String path) {
		String scope = path.startsWith("/tracks/") ? path.substring(0, path.indexOf('/', "/tracks/".length()) + 1)
				: SignedUrls.trackScope("any");
		return "http://127.0.0.1:" + edge.getEnvironment().getProperty("local.server.port")
				+ SIGNER.signUrl(path, scope, Instant.now().plusSeconds(600));
	}

	private static void expect(WebTestClient.ResponseSpec response, int status, String cache) {
		response.expectStatus().isEqualTo(status).expectHeader().valueEquals("X-Cache", cache);
	}

	private static WebTestClient.ResponseSpec admin(HttpMethod method, String path, Object body) {
		WebTestClient.RequestBodySpec request = http.method(method)
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN);
		return (body != null) ? request.contentType(MediaType.APPLICATION_JSON).bodyValue(body).exchange()
				: request.exchange();
	}

	private static void awaitRequests(String path, int count) {
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> origin.hits(path) >= count);
		assertThat(origin.hits(path)).isEqualTo(count);
	}

}
