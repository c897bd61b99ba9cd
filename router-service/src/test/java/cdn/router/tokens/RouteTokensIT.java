package cdn.router.tokens;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;

import cdn.kit.security.ListenerClaims;
import cdn.kit.security.ListenerTokenVerifier;
import cdn.kit.security.TokenKeys;
import cdn.kit.security.TokenRejectedException;
import cdn.kit.security.VerifiedToken;
import cdn.kit.test.TestTokenKeys;
import cdn.protocol.routing.Route;
import cdn.router.edge.EdgeRegistry;
import cdn.router.StubEdge;
import cdn.router.takedown.TakedownsForTests;
import cdn.router.takedown.TakenDownTracks;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cdn.kit.test.ServiceAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * A router with {@code router.tokens.keys-dir}: {@code /v1/route?peer=} carries the
 * listener's token (over the controller; without {@code peer} the fast path answers as
 * before, without one), which the tracker, signaling and the edges verify with the public
 * key alone; it names the route's track when the route was asked for one (what an edge
 * requires), none otherwise, and a taken-down track gets neither route nor token.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "router.health.interval=250ms", "router.health.timeout=200ms", "router.tokens.lifetime=5m",
				"router.tokens.tenant=acme" })
@AutoConfigureWebTestClient
class RouteTokensIT {

	static final StubEdge EDGE = StubEdge.start();

	static final Path KEYS = TestTokenKeys.newDirectory();

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

	@Autowired
	TakenDownTracks takenDown;

	@BeforeEach
	void edgeHealthy() {
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> this.registry.snapshot().healthy().size() == 1);
	}

	Route route(String uri) {
		return this.http.get()
			.uri(uri)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Route.class)
			.returnResult()
			.getResponseBody();
	}

	@Test
	void aRouteForAPeerCarriesItsTokenWhichThePublicKeyAloneVerifies() throws IOException {
		Route route = route("/v1/route?region=eu-west&track=night-drive&peer=listener-7");

		assertThat(route.tokenSeconds()).isEqualTo(300);
		ListenerTokenVerifier tracker = new ListenerTokenVerifier(TokenKeys.loadVerifying(KEYS), ListenerClaims.TRACKER,
				Clock.systemUTC());
		VerifiedToken verified = tracker.verified(route.token());
		assertThat(verified.claims())
			.isEqualTo(new ListenerClaims("listener-7", "eu-west", "acme", ListenerClaims.ALL_SERVICES, "night-drive"));
		// the edges take it in place of a URL signature, the router with a listener
		// report
		assertThat(verified.claims().audience()).contains(ListenerClaims.EDGE, ListenerClaims.ROUTER);
		assertThat(new ListenerTokenVerifier(TokenKeys.loadVerifying(KEYS), ListenerClaims.EDGE, Clock.systemUTC())
			.verify(route.token())
			.peerId()).isEqualTo("listener-7");
		assertThat(Duration.between(Clock.systemUTC().instant(), verified.expiresAt())).isBetween(Duration.ofMinutes(4),
				Duration.ofMinutes(5));
	}

	@Test
	void aRouteWithoutATrackCarriesATokenForNoTrackWhichOpensNoContentAtAnEdge() throws IOException {
		Route route = route("/v1/route?region=eu-west&peer=listener-8");

		ListenerClaims tracker = new ListenerTokenVerifier(TokenKeys.loadVerifying(KEYS), ListenerClaims.TRACKER,
				Clock.systemUTC())
			.verify(route.token());
		assertThat(tracker.peerId()).isEqualTo("listener-8");
		assertThat(tracker.track()).isNull();
		ListenerClaims edge = new ListenerTokenVerifier(TokenKeys.loadVerifying(KEYS), ListenerClaims.EDGE,
				Clock.systemUTC())
			.verify(route.token());
		assertThatThrownBy(() -> edge.requireContent("/tracks/night-drive/master.m3u8")).isInstanceOfSatisfying(
				TokenRejectedException.class,
				(refused) -> assertThat(refused.reason()).isEqualTo(TokenRejectedException.Reason.NO_TRACK));
	}

	@Test
	void aTakenDownTrackGetsNoRouteAndSoNoToken() {
		TakedownsForTests.takeDown(this.takenDown, "pulled-song");
		try {
			expectProblem(this.http.get().uri("/v1/route?region=eu-west&track=pulled-song&peer=listener-9").exchange(),
					410)
				.jsonPath("$.token")
				.doesNotExist();
		}
		finally {
			TakedownsForTests.lift(this.takenDown, "pulled-song");
		}
		assertThat(route("/v1/route?region=eu-west&track=pulled-song&peer=listener-9").token()).isNotNull();
	}

	@Test
	void aRouteWithoutAPeerCarriesNoTokenAndABadPeerIdIsA400() {
		Route route = route("/v1/route?region=eu-west");

		assertThat(route.token()).isNull();
		assertThat(route.edges()).hasSize(1);
		for (String peer : List.of("", "has%20space", "x".repeat(65))) {
			expectProblem(this.http.get().uri("/v1/route?region=eu-west&peer=" + peer).exchange(), 400);
		}
	}

}
