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
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cdn.kit.test.ServiceAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An edge that requires signed URLs and accepts listener tokens ({@code edge.tokens.*}):
 * a playlist or segment is served with a valid token for the edge, issued for a track, as
 * {@code Authorization: Bearer} instead of a signature, by the controller (a miss, or a
 * token not verified yet) and by the Netty fast path (a hit with a token verified before:
 * {@code Vary: Authorization} only, the framework's CORS filter writes the rest on the
 * controller's answers); a token opens its own track's playlists (another's: 403) and any
 * segment, as a signature of the track does, a token issued without a track nothing (401
 * {@code invalid_token}); an expired, forged or mis-addressed token is 401 with an
 * {@code invalid_token} challenge, verified once per request; neither token nor signature
 * the signature's 403; the token is no part of the cache key and never reaches the
 * upstream.
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

	private static String token(String peerId, Set<String> audience, String track) {
		return ROUTER.issue(new ListenerClaims(peerId, "eu-west", "default", audience, track));
	}

	/** A token for every service, issued for {@code track}, as the router issues it. */
	private static String bearer(String peerId, String track) {
		return "Bearer " + token(peerId, ListenerClaims.ALL_SERVICES, track);
	}

	private WebTestClient.ResponseSpec get(String path, String authorization) {
		WebTestClient.RequestHeadersSpec<?> request = this.http.get().uri(URI.create(baseUrl + path));
		if (authorization != null) {
			request = request.header(HttpHeaders.AUTHORIZATION, authorization);
		}
		return request.exchange();
	}

	/**
	 * Served from the cache as {@code cache} says, by the fast path or the controller;
	 * {@code byToken}: for the bearer (not a signature), so {@code Vary: Authorization}.
	 */
	private void served(String path, String authorization, String cache, boolean fastPath, boolean byToken) {
		int query = path.indexOf('?');
		EntityExchangeResult<byte[]> result = get(path, authorization).expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Cache", cache)
			.expectBody(byte[].class)
			.isEqualTo(origin.body((query < 0) ? path : path.substring(0, query)))
			.returnResult();
		List<String> vary = result.getResponseHeaders().getVary();
		// the framework's CORS filter writes Vary on every content answer; the fast path
		// only for a request with an Origin, or (Authorization) one served for its token
		if (fastPath) {
			assertThat(vary).as("fast path").isEqualTo(byToken ? List.of(HttpHeaders.AUTHORIZATION) : List.of());
		}
		else {
			assertThat(vary).as("controller").contains("Origin");
			if (byToken) {
				assertThat(vary).contains(HttpHeaders.AUTHORIZATION);
			}
			else {
				assertThat(vary).doesNotContain(HttpHeaders.AUTHORIZATION);
			}
		}
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
		String token = bearer("peer-a", "token-track");

		refused(master, null, 403);
		// the playlist as made: its URIs carry nothing, the player sends its token again
		served(master, token, "MISS", false, true);
		served(master, token, "HIT", true, true);
		served(segment, token, "MISS", false, true);
		served(segment, token, "HIT", true, true);
		// without the token: still refused, the hit too
		refused(segment, null, 403);
		refused(master, null, 403);
		// a token with only the edge in its audience is one for the edge: verified by the
		// controller on its first request (a hit it answers), then on the fast path
		String edgeOnly = "Bearer " + token("peer-b", Set.of(ListenerClaims.EDGE), "token-track");
		served(segment, edgeOnly, "HIT", false, true);
		served(segment, edgeOnly, "HIT", true, true);
	}

	@Test
	void aTokenOpensItsOwnTracksPlaylistsAndAnySegmentAsASignatureOfTheTrackDoes() {
		List<SegmentName> mine = origin.track("scoped-mine", 1, 1024);
		List<SegmentName> theirs = origin.track("scoped-theirs", 1, 1024);
		String myMaster = "/tracks/scoped-mine/master.m3u8";
		String theirMaster = "/tracks/scoped-theirs/master.m3u8";
		String theirMedia = "/tracks/scoped-theirs/a128/index.m3u8";
		String signature = SIGNER.sign(SignedUrls.trackScope("scoped-theirs"), Instant.now().plusSeconds(600));
		// their playlists in the cache, so that the fast path could answer them
		// (signed: its URIs carry the signature on, another body than the origin's)
		get(theirMaster + "?" + signature, null).expectStatus().isOk().expectHeader().valueEquals("X-Cache", "MISS");
		get(theirMaster + "?" + signature, null).expectStatus().isOk().expectHeader().valueEquals("X-Cache", "HIT");
		double wrongTrackBefore = rejections("wrong-track");
		String token = bearer("peer-s", "scoped-mine");

		served(myMaster, token, "MISS", false, true);
		// another track's playlists: 403 as a signature's out-of-scope path, on a hit too
		refused(theirMaster, token, 403);
		refused(theirMedia, token, 403);
		// (a dot segment matches no route here, 404; the kit refuses it as out of scope
		// too)
		get("/tracks/scoped-mine/../scoped-theirs/master.m3u8", token).expectStatus().is4xxClientError();
		expectProblem(get(theirMaster, token), 403).jsonPath("$.detail").isEqualTo("token is for another track");
		// segments name no track: any token issued for a track opens them, as any valid
		// signature does
		served(theirs.get(0).path(), token, "MISS", false, true);
		served(theirs.get(0).path(), token, "HIT", true, true);
		served(mine.get(0).path(), token, "MISS", false, true);
		assertThat(rejections("wrong-track") - wrongTrackBefore).isEqualTo(3);
		assertThat(origin.hits(theirMedia)).as("a refused request never makes the edge fetch").isZero();
	}

	@Test
	void aTokenIssuedWithoutATrackOpensNothingAtAnEdge() {
		List<SegmentName> segments = origin.track("trackless-track", 1, 1024);
		String master = "/tracks/trackless-track/master.m3u8";
		String segment = segments.get(0).path();
		served(segment, bearer("peer-t", "trackless-track"), "MISS", false, true);
		double noTrackBefore = rejections("no-track");
		// what /v1/route?peer= without a track carries: good for tracker, signaling and
		// the router, not for content
		String trackless = "Bearer " + token("peer-t", ListenerClaims.ALL_SERVICES, null);

		for (String path : List.of(segment, master)) {
			refused(path, trackless, 401);
			refused(path, trackless, 401);
		}
		expectProblem(get(master, trackless), 401).jsonPath("$.detail").isEqualTo("token not issued for a track");
		assertThat(rejections("no-track") - noTrackBefore).isEqualTo(5);
	}

	@Test
	void eachRequestWithATokenNotVerifiedBeforeIsVerifiedOnceNeverOnTheFastPathToo() {
		List<SegmentName> segments = origin.track("forged-track", 1, 1024);
		String segment = segments.get(0).path();
		served(segment, bearer("peer-g", "forged-track"), "MISS", false, true);
		String forged = "Bearer "
				+ new ListenerTokenIssuer(TestTokenKeys.signing(TestTokenKeys.newDirectory()), Clock.systemUTC())
					.issue(ListenerClaims.forAllServices("peer-g", "eu-west", "default", "forged-track"));
		String fresh = bearer("peer-h", "forged-track");
		double before = verifications();

		// a hit the fast path could answer: a forged token is handed to the controller,
		// which verifies it (and refuses it) once per request
		for (int i = 0; i < 3; i++) {
			refused(segment, forged, 401);
		}
		assertThat(verifications() - before).as("one ES256 check per forged request").isEqualTo(3);
		// a valid token new to the edge: verified once by the controller, then the fast
		// path answers from the verified ones
		served(segment, fresh, "HIT", false, true);
		served(segment, fresh, "HIT", true, true);
		served(segment, fresh, "HIT", true, true);
		assertThat(verifications() - before).isEqualTo(4);
	}

	@Test
	void anInvalidTokenIs401WithAnInvalidTokenChallengeOnMissesAndHits() {
		List<SegmentName> segments = origin.track("refused-track", 1, 2048);
		String cached = segments.get(0).path();
		served(cached, bearer("peer-c", "refused-track"), "MISS", false, true);
		String uncached = "/tracks/refused-track/master.m3u8";
		double expiredBefore = rejections("expired");
		double audienceBefore = rejections("wrong-audience");

		String expired = "Bearer " + new ListenerTokenIssuer(TestTokenKeys.signing(KEYS),
				Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC))
			.issue(ListenerClaims.forAllServices("peer-c", "eu-west", "default", "refused-track"));
		String trackerOnly = "Bearer "
				+ token("peer-c", Set.of(ListenerClaims.TRACKER, ListenerClaims.SIGNALING), "refused-track");
		String forged = "Bearer "
				+ new ListenerTokenIssuer(TestTokenKeys.signing(TestTokenKeys.newDirectory()), Clock.systemUTC())
					.issue(ListenerClaims.forAllServices("peer-c", "eu-west", "default", "refused-track"));
		String valid = bearer("peer-c", "refused-track");
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
		// served for the signature: nothing varies by Authorization
		served(segment + "?" + signature, "Bearer not-a-token", "MISS", false, false);
		served(segment + "?" + signature, "Bearer not-a-token", "HIT", true, false);
		// an expired signature with a valid token: the token lets it through
		String expired = SIGNER.sign(SignedUrls.trackScope("both-track"), Instant.now().minusSeconds(60));
		refused(segment + "?" + expired, null, 410);
		String token = bearer("peer-d", "both-track");
		served(segment + "?" + expired, token, "HIT", false, true);
		served(segment + "?" + expired, token, "HIT", true, true);
	}

	@Test
	void theTokenIsNoPartOfTheCacheKeyAndNeverGoesUpstream() {
		List<SegmentName> segments = origin.track("shared-track", 1, 2048);
		String master = "/tracks/shared-track/master.m3u8";
		String segment = segments.get(0).path();
		String signature = SIGNER.sign(SignedUrls.trackScope("shared-track"), Instant.now().plusSeconds(600));
		String e = bearer("peer-e", "shared-track");
		String f = bearer("peer-f", "shared-track");
		served(segment, e, "MISS", false, true);
		// another listener's token, and a signed request without one, get the same object
		served(segment, f, "HIT", false, true);
		served(segment + "?" + signature, null, "HIT", true, false);
		served(master, e, "MISS", false, true);
		served(master, f, "HIT", true, true);
		assertThat(origin.hits(segment)).isOne();
		assertThat(origin.hits(master)).isOne();
		assertThat(origin.received())
			.filteredOn((request) -> request.uri().equals(master) || request.uri().equals(segment))
			.hasSize(2)
			.allSatisfy(
					(request) -> assertThat(request.requestHeaders().contains(HttpHeaders.AUTHORIZATION)).isFalse());
	}

	private static double verifications() {
		return edge.getBean(MeterRegistry.class).get("cdn.edge.token.verifications").functionCounter().count();
	}

	private static double rejections(String reason) {
		Counter counter = edge.getBean(MeterRegistry.class)
			.find("cdn.edge.token.rejections")
			.tag("reason", reason)
			.counter();
		return (counter != null) ? counter.count() : 0;
	}

}
