package cdn.origin.demo;

import cdn.origin.FfmpegRequired;
import cdn.origin.TestDirs;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An origin started on an empty store has a playable demo catalog by the time it is
 * ready.
 */
@ExtendWith(FfmpegRequired.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureWebTestClient
class DemoCatalogIT {

	static final Path STORAGE = TestDirs.temp("origin-demo-it");

	@DynamicPropertySource
	static void storage(DynamicPropertyRegistry registry) {
		registry.add("origin.storage", STORAGE::toString);
	}

	@Autowired
	WebTestClient http;

	@Test
	void emptyStoreGetsFiveDistinctDemoTracksOfOneToThreeMinutes() {
		this.http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
		List<Map<String, Object>> catalog = this.http.get()
			.uri("/v1/catalog")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(new ParameterizedTypeReference<List<Map<String, Object>>>() {
			})
			.returnResult()
			.getResponseBody();

		assertThat(catalog).hasSizeGreaterThanOrEqualTo(5);
		assertThat(catalog).extracting((track) -> track.get("title")).doesNotHaveDuplicates();
		assertThat(catalog).allSatisfy((track) -> {
			assertThat(((Number) track.get("durationSeconds")).doubleValue()).isBetween(60.0, 180.0);
			assertThat(track.get("renditions")).isEqualTo(List.of("a64", "a128", "a256"));
			this.http.get().uri((String) track.get("master")).exchange().expectStatus().isOk();
		});
	}

}
