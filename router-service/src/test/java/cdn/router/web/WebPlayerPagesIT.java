package cdn.router.web;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import cdn.protocol.routing.Route;
import cdn.router.StubEdge;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cdn.kit.test.ServiceAssertions.expectProblem;
import static cdn.kit.test.ServiceAssertions.getOk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The web player's pages and files as the router serves them (from memory): types,
 * caching, the route and preloads in the listen page, a bad track id or region, a file
 * that is not the player's.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class WebPlayerPagesIT {

	static final StubEdge EDGE = StubEdge.start();

	@DynamicPropertySource
	static void edges(DynamicPropertyRegistry registry) {
		registry.add("router.edges[0].url", EDGE::url);
		registry.add("router.edges[0].region", () -> "us-east");
	}

	@AfterAll
	static void stopEdge() {
		EDGE.close();
	}

	@Autowired
	WebTestClient http;

	@Autowired
	JsonMapper json;

	@Test
	void pagesAndModulesAreServedWithTheirTypesAndCaching() {
		this.http.get()
			.uri("/listen/concert-pitch?rendition=a128")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_HTML)
			.expectHeader()
			.cacheControl(CacheControl.noStore()) // it carries a route
			.expectBody(String.class)
			.value((page) -> assertThat(page).contains("<script type=\"module\" src=\"/player/player.js\">"));
		this.http.get()
			.uri("/")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
			.expectBody(String.class)
			.value((page) -> assertThat(page).contains("catalog.js"));
		this.http.get()
			.uri("/player/p2p/wire.js")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith("text/javascript")
			.expectBody(String.class)
			.value((module) -> assertThat(module).contains("export function parseText"));
		this.http.get()
			.uri("/player/vendor/hls.light.min.mjs")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentTypeCompatibleWith("text/javascript");
		this.http.get().uri("/player/player.css").exchange().expectHeader().contentTypeCompatibleWith("text/css");
		this.http.get()
			.uri("/player/vendor/hls.js-LICENSE")
			.exchange()
			.expectHeader()
			.contentTypeCompatibleWith(MediaType.TEXT_PLAIN);
	}

	@Test
	void theListenPageCarriesTheRouteAndPreloadsThePlaylistsOfItsEdge() {
		// the page carries a route once the edge's first probe found it healthy
		await().atMost(Duration.ofSeconds(10))
			.until(() -> getOk(this.http, "/listen/concert-pitch").contains("id=\"cdn-route\""));
		String page = getOk(this.http, "/listen/concert-pitch?rendition=a128&region=eu-west");
		Route route = this.http.get()
			.uri("/v1/route?track=concert-pitch&region=eu-west")
			.exchange()
			.expectBody(Route.class)
			.returnResult()
			.getResponseBody();
		assertThat(routeIn(page)).isEqualTo(route);
		assertThat(preloadsIn(page)).containsExactly(EDGE.url() + "/tracks/concert-pitch/master.m3u8",
				EDGE.url() + "/tracks/concert-pitch/a128/index.m3u8");

		// no rendition held, or one the ladder lacks (the player says so): the master
		// alone
		for (String uri : List.of("/listen/concert-pitch", "/listen/concert-pitch?rendition=a999",
				"/listen/concert-pitch?rendition=%3Cb%3E")) {
			assertThat(preloadsIn(getOk(this.http, uri))).as(uri)
				.containsExactly(EDGE.url() + "/tracks/concert-pitch/master.m3u8");
		}
		// an unknown region is routed as the default, with the hint the route answer
		// gives
		assertThat(routeIn(getOk(this.http, "/listen/concert-pitch?region=mars")).regionHint()).contains("mars");
		expectProblem(this.http.get().uri("/listen/concert-pitch?region=US-EAST").exchange(), 400);
	}

	private Route routeIn(String page) {
		Matcher json = Pattern.compile("<script type=\"application/json\" id=\"cdn-route\">([^<]*)</script>")
			.matcher(page);
		assertThat(json.find()).as("the page carries its route").isTrue();
		return this.json.readValue(json.group(1), Route.class);
	}

	private static List<String> preloadsIn(String page) {
		return Pattern.compile("<link rel=\"preload\" as=\"fetch\" crossorigin=\"anonymous\" href=\"([^\"]+)\">")
			.matcher(page)
			.results()
			.map((preload) -> preload.group(1))
			.toList();
	}

	@Test
	void aBadTrackIdIs400AndAFileNotThePlayersIs404() {
		expectProblem(this.http.get().uri("/listen/Not A Track").exchange(), 400);
		expectProblem(this.http.get().uri("/player/nope.js").exchange(), 404);
		expectProblem(this.http.get().uri("/player/../application.yml").exchange(), 404);
		expectProblem(this.http.get().uri("/player/").exchange(), 404);
	}

}
