package cdn.router.web;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import cdn.kit.security.SignedUrls;
import cdn.kit.security.UrlSigningKeys;
import cdn.protocol.routing.Route;
import cdn.router.StubEdge;
import cdn.router.edge.EdgeRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A router with URL signing keys ({@code cdn.signed-urls.*}): the route for a track, from
 * the fast path or the controller, carries the signature of the track's playlists and
 * segments for the configured lifetime, which the edges verify with the same keys; so do
 * {@code /play}'s redirect and the listen page's preloads. A route for no track carries
 * none.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "router.health.interval=250ms", "router.health.timeout=200ms", "cdn.signed-urls.lifetime=20m" })
@AutoConfigureWebTestClient
class RouteSignaturesIT {

	static final StubEdge EDGE = StubEdge.start();

	static final String KEYS = UrlSigningKeys.newEntry("u7");

	static final SignedUrls EDGE_CHECK = new SignedUrls(UrlSigningKeys.parse(KEYS), Clock.systemUTC());

	@DynamicPropertySource
	static void settings(DynamicPropertyRegistry registry) {
		registry.add("router.edges[0].url", EDGE::url);
		registry.add("router.edges[0].region", () -> "eu-west");
		registry.add("cdn.signed-urls.keys", () -> KEYS);
	}

	@AfterAll
	static void stopEdge() {
		EDGE.close();
	}

	@Autowired
	WebTestClient http;

	@Autowired
	EdgeRegistry registry;

	@BeforeEach
	void edgeHealthy() {
		await().atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(50))
			.until(() -> this.registry.snapshot().healthy().size() == 1);
	}

	@Test
	void aTracksRouteCarriesTheSignatureOfItsUrlsFromTheFastPathAndTheController() {
		for (String query : new String[] { "region=eu-west&track=night-drive",
				"region=eu-west&track=night-drive&peer=listener-1" }) {
			Route route = route("/v1/route?" + query);
			assertThat(route.urlSignatureSeconds()).isEqualTo(1200);
			String signature = route.urlSignature();
			assertThat(EDGE_CHECK.verify("/tracks/night-drive/master.m3u8", signature)).isEqualTo(SignedUrls.Result.OK);
			assertThat(EDGE_CHECK.verify("/tracks/night-drive/a128/index.m3u8", signature))
				.isEqualTo(SignedUrls.Result.OK);
			assertThat(EDGE_CHECK.verify("/segments/" + "ab".repeat(32) + ".m4s", signature))
				.isEqualTo(SignedUrls.Result.OK);
			assertThat(EDGE_CHECK.verify("/tracks/other/master.m3u8", signature))
				.isEqualTo(SignedUrls.Result.OUT_OF_SCOPE);
		}
		assertThat(route("/v1/route?region=eu-west").urlSignature()).isNull();
	}

	@Test
	void playRedirectsToASignedMasterPlaylistAndTheListenPagePreloadsSignedUrls() {
		URI location = this.http.get()
			.uri("/play/night-drive?region=eu-west")
			.exchange()
			.expectStatus()
			.isFound()
			.returnResult(Void.class)
			.getResponseHeaders()
			.getLocation();
		assertThat(location.getRawPath()).isEqualTo("/tracks/night-drive/master.m3u8");
		assertThat(EDGE_CHECK.verify(location.getRawPath(), location.getRawQuery())).isEqualTo(SignedUrls.Result.OK);

		String page = this.http.get()
			.uri("/listen/night-drive?region=eu-west&rendition=a128")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		Matcher preloads = Pattern.compile("rel=\"preload\" as=\"fetch\" crossorigin=\"anonymous\" href=\"([^\"]+)\"")
			.matcher(page);
		int checked = 0;
		while (preloads.find()) {
			URI preload = URI.create(preloads.group(1).replace("&amp;", "&"));
			assertThat(EDGE_CHECK.verify(preload.getRawPath(), preload.getRawQuery())).as(preload.toString())
				.isEqualTo(SignedUrls.Result.OK);
			checked++;
		}
		assertThat(checked).isEqualTo(2);
	}

	private Route route(String uri) {
		return this.http.get()
			.uri(uri)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Route.class)
			.returnResult()
			.getResponseBody();
	}

}
