package cdn.edge.access;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

import cdn.edge.EdgeApplication;
import cdn.edge.EdgeITSupport;
import cdn.edge.FakeUpstream;
import cdn.kit.security.ListenerClaims;
import cdn.kit.security.ListenerTokenIssuer;
import cdn.kit.security.SignedUrls;
import cdn.kit.security.UrlSigningKeys;
import cdn.kit.test.TestTokenKeys;
import cdn.protocol.SegmentName;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cdn.kit.test.ServiceAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An edge that requires signed URLs and accepts listener tokens ({@code edge.tokens.*}):
 * a playlist or segment is served with a valid token for the edge as
 * {@code Authorization: Bearer} instead of a signature, by the controller (a miss) and by
 * the Netty fast path (a hit: no {@code Vary}, which only the framework's CORS filter
 * writes there); an expired, forged or mis-addressed token is 401 with an
 * {@code invalid_token} challenge, neither token nor signature the signature's 403; the
 * token is no part of the cache key and never reaches the upstream.
 */
class ListenerTokenAccessIT {

	private static final String URL_KEYS = UrlSigningKeys.newEntry("u1");

	private static final SignedUrls SIGNER = new SignedUrls(UrlSigningKeys.parse(URL_KEYS), Clock.systemUTC());

	private static final Path KEYS = TestTokenKeys.newDirectory();

	private static final ListenerTokenIssuer ROUTER = new ListenerTokenIssuer(TestTokenKeys.signing(KEYS),
			Clock.systemUTC());

	private static final String INVALID_TOKEN = "Bearer error=\"invalid_token\"";

	private static FakeUpstream origin;

	private static ConfigurableApplicationContext edge;

	private static String baseUrl;

	private final WebTestClient http = EdgeITSupport.keepAliveConnections(baseUrl);

	@BeforeAll
	static void start() {
		origin = FakeUpstream.start();
		edge = new SpringApplicationBuilder(EdgeApplication.class).run("--server.port=0",
				"--spring.main.banner-mode=off", "--edge.region=eu-west", "--edge.upstream=" + origin.baseUrl(),
				"--cdn.signed-urls.keys=" + URL_KEYS, "--cdn.signed-urls.required=true",
				"--edge.tokens.keys-dir=" + KEYS, "--management.defaults.metrics.export.enabled=true");
		baseUrl = "http://127.0.0.1:" + edge.getEnvironment().getProperty("local.server.port");
	}

	@AfterAll
	static void stop() {
		edge.close();
		origin.close();
	}

	private static String token(String peerId, Set<String> audience) {
		return ROUTER.issue(new ListenerClaims(peerId, "eu-west", "default", audience));
	}

	private static String bearer(String peerId) {
		return "Bearer " + token(peerId, ListenerClaims.ALL_SERVICES);
	}

	private WebTestClient.ResponseSpec get(String path, String authorization) {
		WebTestClient.RequestHeadersSpec<?> request = this.http.get().uri(URI.create(baseUrl + path));
		if (authorization != null) {
			request = request.header(HttpHeaders.AUTHORIZATION, authorization);
		}
		return request.exchange();
	}

	private void served(String path, String authorization, String cache, boolean fastPath) {
		WebTestClient.ResponseSpec response = get(path, authorization).expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Cache", cache);
		// the framework's CORS filter writes Vary on every content answer; the fast path
		// only for a request with an Origin
		if (fastPath) {
			response.expectHeader().doesNotExist(HttpHeaders.VARY);
		}
		else {
			response.expectHeader().exists(HttpHeaders.VARY);
		}
		int query = path.indexOf('?');
		response.expectBody(byte[].class).isEqualTo(origin.body((query < 0) ? path : path.substring(0, query)));
	}

	private void refused(String path, String authorization, int status) {
		WebTestClient.ResponseSpec response = get(path, authorization);
		if (status == 401) {
			response.expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, INVALID_TOKEN);
		}
		else {
			response.expectHeader().doesNotExist(HttpHeaders.WWW_AUTHENTICATE);
		}
		expectProblem(response, status);
	}

	@Test
	void aValidTokenPassesWhereSignaturesAreRequiredOnMissesAndFastPathHits() {
		List<SegmentName> segments = origin.track("token-track", 1, 4096);
		String master = "/tracks/token-track/master.m3u8";
		String segment = segments.get(0).path();

		refused(master, null, 403);
		// the playlist as made: its URIs carry nothing, the player sends its token again
		served(master, bearer("peer-a"), "MISS", false);
		served(master, bearer("peer-a"), "HIT", true);
		served(segment, bearer("peer-a"), "MISS", false);
		served(segment, bearer("peer-a"), "HIT", true);
		// without the token: still refused, the hit too
		refused(segment, null, 403);
		refused(master, null, 403);
		// a token with only the edge in its audience is one for the edge
		served(segment, "Bearer " + token("peer-b", Set.of(ListenerClaims.EDGE)), "HIT", true);
	}

	@Test
	void anInvalidTokenIs401WithAnInvalidTokenChallengeOnMissesAndHits() {
		List<SegmentName> segments = origin.track("refused-track", 1, 2048);
		String cached = segments.get(0).path();
		served(cached, bearer("peer-c"), "MISS", false);
		String uncached = "/tracks/refused-track/master.m3u8";
		double expiredBefore = rejections("expired");
		double audienceBefore = rejections("wrong-audience");

		String expired = "Bearer " + new ListenerTokenIssuer(TestTokenKeys.signing(KEYS),
				Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC))
			.issue(ListenerClaims.forAllServices("peer-c", "eu-west", "default"));
		String trackerOnly = "Bearer " + token("peer-c", Set.of(ListenerClaims.TRACKER, ListenerClaims.SIGNALING));
		String forged = "Bearer "
				+ new ListenerTokenIssuer(TestTokenKeys.signing(TestTokenKeys.newDirectory()), Clock.systemUTC())
					.issue(ListenerClaims.forAllServices("peer-c", "eu-west", "default"));
		String valid = bearer("peer-c");
		String tampered = valid.substring(0, valid.length() - 2) + (valid.endsWith("AA") ? "BB" : "AA");
		for (String path : List.of(cached, uncached)) {
			refused(path, expired, 401);
			refused(path, trackerOnly, 401);
			refused(path, forged, 401);
			refused(path, tampered, 401);
			refused(path, "Bearer not-a-token", 401);
			// another scheme, or an empty bearer, is no token: the signature's 403
			refused(path, "Basic dXNlcjpwYXNz", 403);
			refused(path, "Bearer", 403);
		}
		expectProblem(get(uncached, expired), 401).jsonPath("$.detail").isEqualTo("token has expired");
		assertThat(rejections("expired") - expiredBefore).isEqualTo(3);
		assertThat(rejections("wrong-audience") - audienceBefore).isEqualTo(2);
		assertThat(origin.hits(uncached)).as("a refused request never makes the edge fetch").isZero();
	}

	@Test
	void aValidSignatureIsEnoughWhateverBearerComesWithIt() {
		List<SegmentName> segments = origin.track("both-track", 1, 1024);
		String signature = SIGNER.sign(SignedUrls.trackScope("both-track"), Instant.now().plusSeconds(600));
		String segment = segments.get(0).path();
		served(segment + "?" + signature, "Bearer not-a-token", "MISS", false);
		served(segment + "?" + signature, "Bearer not-a-token", "HIT", true);
		// an expired signature with a valid token: the token lets it through
		String expired = SIGNER.sign(SignedUrls.trackScope("both-track"), Instant.now().minusSeconds(60));
		refused(segment + "?" + expired, null, 410);
		served(segment + "?" + expired, bearer("peer-d"), "HIT", true);
	}

	@Test
	void theTokenIsNoPartOfTheCacheKeyAndNeverGoesUpstream() {
		List<SegmentName> segments = origin.track("shared-track", 1, 2048);
		String master = "/tracks/shared-track/master.m3u8";
		String segment = segments.get(0).path();
		String signature = SIGNER.sign(SignedUrls.trackScope("shared-track"), Instant.now().plusSeconds(600));
		served(segment, bearer("peer-e"), "MISS", false);
		// another listener's token, and a signed request without one, get the same object
		served(segment, bearer("peer-f"), "HIT", true);
		served(segment + "?" + signature, null, "HIT", true);
		served(master, bearer("peer-e"), "MISS", false);
		served(master, bearer("peer-f"), "HIT", true);
		assertThat(origin.hits(segment)).isOne();
		assertThat(origin.hits(master)).isOne();
		assertThat(origin.received())
			.filteredOn((request) -> request.uri().equals(master) || request.uri().equals(segment))
			.hasSize(2)
			.allSatisfy(
					(request) -> assertThat(request.requestHeaders().contains(HttpHeaders.AUTHORIZATION)).isFalse());
	}

	private static double rejections(String reason) {
		Counter counter = edge.getBean(MeterRegistry.class)
			.find("cdn.edge.token.rejections")
			.tag("reason", reason)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

}
