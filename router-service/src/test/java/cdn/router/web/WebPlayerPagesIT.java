package cdn.router.web;

import java.time.Duration;

import cdn.router.StubEdge;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cdn.kit.test.ServiceAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web player's pages and files as the router serves them (from memory): types,
 * caching, a bad track id, a file that is not the player's.
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
			.cacheControl(CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic())
			.expectBody(String.class)
			.value((page) -> assertThat(page).contains("<script type=\"module\" src=\"/player/player.js\">"));
		this.http.get()
			.uri("/")
			.exchange()
			.expectStatus()
			.isOk()
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
	void aBadTrackIdIs400AndAFileNotThePlayersIs404() {
		expectProblem(this.http.get().uri("/listen/Not A Track").exchange(), 400);
		expectProblem(this.http.get().uri("/player/nope.js").exchange(), 404);
		expectProblem(this.http.get().uri("/player/../application.yml").exchange(), 404);
		expectProblem(this.http.get().uri("/player/").exchange(), 404);
	}

}
