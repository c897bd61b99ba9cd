package cdn.tracker.tokens;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import cdn.kit.security.ListenerClaims;
import cdn.kit.security.ListenerTokenIssuer;
import cdn.kit.security.TokenKeys;
import cdn.kit.test.TestTokenKeys;
import cdn.protocol.tracker.SwarmView;
import org.junit.jupiter.api.Test;
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
import static cdn.kit.test.ServiceAssertions.scrape;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A tracker with {@code tracker.tokens.keys-dir}: the peer API takes only listener tokens
 * the router's key signed for the tracker, and a peer acts only as itself. Every refusal
 * is a problem (401 for the token, 403 for another peer's) and stores nothing. The whole
 * JWT matrix is the kit's ({@code ListenerTokenTest}); here the tracker's use of it.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "management.defaults.metrics.export.enabled=true")
@AutoConfigureWebTestClient
class ListenerTokensIT {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final Path KEYS = TestTokenKeys.newDirectory();

	static final TokenKeys ROUTER_KEYS = TestTokenKeys.signing(KEYS);

	static final ListenerTokenIssuer ROUTER = new ListenerTokenIssuer(ROUTER_KEYS, Clock.systemUTC());

	@Autowired
	WebTestClient client;

	@DynamicPropertySource
	static void tokens(DynamicPropertyRegistry registry) {
		registry.add("tracker.tokens.keys-dir", KEYS::toString);
	}

	static String token(String peerId) {
		return ROUTER.issue(ListenerClaims.forAllServices(peerId, "eu-west", "default"));
	}

	/** One segment per track: the tests' swarms do not mix. */
	static String segment(String track) {
		return String.format("%064x", track.hashCode() & 0xffffffffL);
	}

	static String announce(String peerId, String track) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("peerId", peerId);
		body.put("trackId", track);
		body.put("rendition", "a128");
		body.put("region", "eu-west");
		body.put("endpoint", "http://127.0.0.1:7001/p");
		body.put("have", List.of(segment(track)));
		body.put("uploadKbps", 1000);
		body.put("event", "started");
		return JSON.writeValueAsString(body);
	}

	WebTestClient.ResponseSpec post(String path, String body, String token) {
		WebTestClient.RequestBodySpec request = this.client.post().uri(path).contentType(MediaType.APPLICATION_JSON);
		if (token != null) {
			request = request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
		}
		return request.bodyValue(body).exchange();
	}

	long peersOf(String track) {
		return this.client.get()
			.uri("/v1/swarms/" + track)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(SwarmView.class)
			.returnResult()
			.getResponseBody()
			.peers();
	}

	void refused(WebTestClient.ResponseSpec response, int status, String detail) {
		expectProblem(response, status).jsonPath("$.detail").isEqualTo(detail);
	}

	@Test
	void anAnnounceWithoutATokenIsRefusedWithABearerChallengeAndStoresNothing() {
		WebTestClient.ResponseSpec response = post("/v1/announce", announce("peer-x", "no-token"), null);

		response.expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		refused(response, 401, "bearer token required");
		assertThat(peersOf("no-token")).isZero();
	}

	@Test
	void aPeerAnnouncesWithItsOwnTokenAndNotWithAnothersOrAnExpiredOne() {
		post("/v1/announce", announce("peer-a", "own-token"), token("peer-a")).expectStatus().isOk();

		refused(post("/v1/announce", announce("peer-b", "own-token"), token("peer-a")), 403,
				"token is for another peer");
		Clock hourAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC);
		String expired = new ListenerTokenIssuer(ROUTER_KEYS, hourAgo)
			.issue(ListenerClaims.forAllServices("peer-c", "eu-west", "default"));
		refused(post("/v1/announce", announce("peer-c", "own-token"), expired), 401, "token has expired");
		assertThat(peersOf("own-token")).as("only peer-a").isOne();
	}

	@Test
	void tokensOfAnotherKeyOrForAnotherServiceOrTamperedAreRefused() {
		String body = announce("peer-d", "bad-tokens");
		TokenKeys stranger = TokenKeys.of(ROUTER_KEYS.signingKid(), TokenKeys.newKeyPair());
		String forged = new ListenerTokenIssuer(stranger, Clock.systemUTC())
			.issue(ListenerClaims.forAllServices("peer-d", "eu-west", "default"));
		String signalingOnly = ROUTER
			.issue(new ListenerClaims("peer-d", "eu-west", "default", Set.of(ListenerClaims.SIGNALING)));
		String valid = token("peer-d");
		String[] parts = valid.split("\\.");
		String otherPayload = token("peer-e").split("\\.")[1];

		refused(post("/v1/announce", body, forged), 401, "token signature is not valid");
		refused(post("/v1/announce", body, signalingOnly), 401, "token is not for this service");
		refused(post("/v1/announce", body, parts[0] + "." + otherPayload + "." + parts[2]), 401,
				"token signature is not valid");
		refused(post("/v1/announce", body, "not-a-token"), 401, "token is malformed");
		assertThat(peersOf("bad-tokens")).isZero();
		assertThat(scrape(this.client)).contains("cdn_tracker_token_rejections_total{")
			.contains("reason=\"bad-signature\"")
			.contains("reason=\"wrong-audience\"");
	}

	@Test
	void lookupsNeedATokenAndClaimOnlyAsItsPeer() {
		post("/v1/announce", announce("holder", "lookups"), token("holder")).expectStatus().isOk();
		String lookup = "{\"segments\":[\"" + segment("lookups") + "\"],\"region\":\"eu-west\",\"exclude\":\"asker\"}";

		refused(post("/v1/peers/lookup", lookup, null), 401, "bearer token required");
		refused(post("/v1/peers/lookup", lookup, token("someone-else")), 403, "token is for another peer");
		post("/v1/peers/lookup", lookup, token("asker")).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.segments[0].peers[0].peerId")
			.isEqualTo("holder");
		expectProblem(this.client.get().uri("/v1/peers?segment=" + segment("lookups") + "&region=eu-west").exchange(),
				401);
		this.client.get()
			.uri("/v1/peers?segment=" + segment("lookups") + "&region=eu-west")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token("asker"))
			.exchange()
			.expectStatus()
			.isOk();
	}

	@Test
	void aPeerReportsAndLeavesOnlyAsItself() {
		post("/v1/announce", announce("reported", "reports"), token("reported")).expectStatus().isOk();
		post("/v1/announce", announce("reporter", "reports"), token("reporter")).expectStatus().isOk();
		String report = "{\"reporter\":\"reporter\",\"reason\":\"timeout\"}";

		refused(post("/v1/peers/reported/reports", report, token("reported")), 403, "token is for another peer");
		post("/v1/peers/reported/reports", report, token("reporter")).expectStatus().isAccepted();
		expectProblem(this.client.delete()
			.uri("/v1/peers/reported")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token("reporter"))
			.exchange(), 403);
		assertThat(peersOf("reports")).isEqualTo(2);
		this.client.delete()
			.uri("/v1/peers/reported")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token("reported"))
			.exchange()
			.expectStatus()
			.isNoContent();
		assertThat(peersOf("reports")).isOne();
	}

}
