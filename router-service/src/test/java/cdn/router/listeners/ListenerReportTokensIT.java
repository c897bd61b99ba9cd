package cdn.router.listeners;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;

import cdn.kit.security.ListenerClaims;
import cdn.kit.security.ListenerTokenIssuer;
import cdn.kit.test.ServiceAssertions;
import cdn.kit.test.TestTokenKeys;
import cdn.protocol.routing.Route;
import cdn.router.StubEdge;
import cdn.router.edge.EdgeRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

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
 * A router that issues listener tokens ({@code router.tokens.keys-dir}) takes a listener
 * report only with one of its tokens for the report's own peer id: none is 401 with a
 * bearer challenge, an invalid one (expired, another key's, not for the router) 401 with
 * {@code invalid_token}, another peer's 403, a token without a {@code peerId} 400; none
 * of them counts anything. The route answer's token is one the router takes.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.defaults.metrics.export.enabled=true", "router.health.interval=250ms",
				"router.health.timeout=200ms" })
@AutoConfigureWebTestClient
class ListenerReportTokensIT {

	static final StubEdge EDGE = StubEdge.start();

	static final Path KEYS = TestTokenKeys.newDirectory();

	static final ListenerTokenIssuer ROUTER = new ListenerTokenIssuer(TestTokenKeys.signing(KEYS), Clock.systemUTC());

	@DynamicPropertySource
	static void settings(DynamicPropertyRegistry registry) {
		registry.add("router.edges[0].url", EDGE::url);
		registry.add("router.edges[0].region", () -> "eu-west");
		registry.add("router.tokens.keys-dir", KEYS::toString);
	}

	@AfterAll
	static void stopEdge() {
		EDGE.close();
	}

	@Autowired
	WebTestClient http;

	@Autowired
	EdgeRegistry registry;

	static String report(String peerId, long bytesPeer) {
		return ((peerId != null) ? "{\"peerId\":\"" + peerId + "\"," : "{") + "\"region\":\"eu-west\",\"bytesPeer\":"
				+ bytesPeer + ",\"bytesEdge\":0}";
	}

	static String token(String peerId) {
		return ROUTER.issue(ListenerClaims.forAllServices(peerId, "eu-west", "default"));
	}

	WebTestClient.ResponseSpec post(String body, String token) {
		WebTestClient.RequestBodySpec request = this.http.post()
			.uri("/v1/listener-reports")
			.contentType(MediaType.APPLICATION_JSON);
		if (token != null) {
			request = request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
		}
		return request.bodyValue(body).exchange();
	}

	@Test
	void aReportNeedsATokenForItsOwnPeerId() {
		WebTestClient.ResponseSpec none = post(report("page-a", 1), null);
		none.expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		expectProblem(none, 401).jsonPath("$.detail").isEqualTo("bearer token required");

		expectProblem(post(report("page-a", 1), token("page-b")), 403).jsonPath("$.detail")
			.isEqualTo("token is for another peer");
		expectProblem(post(report(null, 1), token("page-a")), 400).jsonPath("$.detail")
			.isEqualTo("peerId is required: the peer id the listener token names");

		String expired = new ListenerTokenIssuer(TestTokenKeys.signing(KEYS),
				Clock.fixed(Instant.now().minus(Duration.ofHours(1)), ZoneOffset.UTC))
			.issue(ListenerClaims.forAllServices("page-a", "eu-west", "default"));
		String trackerOnly = ROUTER.issue(new ListenerClaims("page-a", "eu-west", "default", Set.of("tracker")));
		String forged = new ListenerTokenIssuer(TestTokenKeys.signing(TestTokenKeys.newDirectory()), Clock.systemUTC())
			.issue(ListenerClaims.forAllServices("page-a", "eu-west", "default"));
		for (String invalid : new String[] { expired, trackerOnly, forged }) {
			WebTestClient.ResponseSpec refused = post(report("page-a", 1), invalid);
			refused.expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
			expectProblem(refused, 401);
		}
		assertThat(ServiceAssertions.scrape(this.http)).doesNotContain("client=\"browser\",region=\"eu-west\"")
			.containsPattern("cdn_router_token_rejections_total\\{[^}]*reason=\"missing\"} 1")
			.containsPattern("cdn_router_token_rejections_total\\{[^}]*reason=\"wrong-subject\"} 1")
			.containsPattern("cdn_router_token_rejections_total\\{[^}]*reason=\"wrong-audience\"} 1");

		post(report("page-a", 4000), token("page-a")).expectStatus().isAccepted();
		// the token the route answer carries for the page's peer id
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> this.registry.snapshot().healthy().size() == 1);
		Route route = this.http.get()
			.uri("/v1/route?region=eu-west&peer=page-c")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Route.class)
			.returnResult()
			.getResponseBody();
		post(report("page-c", 1000), route.token()).expectStatus().isAccepted();
		assertThat(ServiceAssertions.scrape(this.http)).containsPattern(
				"cdn_client_segment_bytes_total\\{[^}]*client=\"browser\",region=\"eu-west\",source=\"peer\"} 5000");
	}

}
