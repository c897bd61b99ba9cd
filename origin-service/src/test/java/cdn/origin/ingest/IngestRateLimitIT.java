package cdn.origin.ingest;

import java.nio.file.Path;

import cdn.kit.test.ServiceAssertions;
import cdn.origin.FfmpegRequired;
import cdn.origin.TestDirs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cdn.kit.test.ServiceAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ingest API per client address ({@code origin.limits.*}): 3 calls, then one per 100
 * s; beyond that every ingest call is the kit's 429 problem with {@code Retry-After},
 * with the right token or without, before the token is looked at. The catalog and the
 * read paths are never limited.
 */
@ExtendWith(FfmpegRequired.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "origin.demo-catalog.enabled=false", "origin.admin-token=" + IngestRateLimitIT.TOKEN,
				"origin.limits.ingest-rate=0.01", "origin.limits.ingest-burst=3",
				"management.defaults.metrics.export.enabled=true" })
@AutoConfigureWebTestClient
class IngestRateLimitIT {

	static final String TOKEN = "origin-ingest-limit-token";

	static final Path DIR = TestDirs.temp("origin-ingest-limit-it");

	@DynamicPropertySource
	static void files(DynamicPropertyRegistry registry) {
		registry.add("origin.storage", () -> DIR.resolve("store").toString());
		registry.add("cdn.audit.file", () -> DIR.resolve("audit.jsonl").toString());
	}

	@Autowired
	WebTestClient http;

	@Test
	void ingestCallsOverTheAddressRateAre429AndReadsAreNeverLimited() {
		for (int i = 0; i < 3; i++) {
			status("/v1/ingests/no-such-job").expectStatus().isNotFound();
		}
		expectProblem(status("/v1/ingests/no-such-job"), 429).jsonPath("$.detail")
			.isEqualTo("too many requests from this address");
		status("/v1/ingests/no-such-job").expectHeader()
			.value(HttpHeaders.RETRY_AFTER, (seconds) -> assertThat(Long.parseLong(seconds)).isBetween(1L, 100L));
		expectProblem(this.http.get().uri("/v1/ingests/no-such-job").exchange(), 429);
		for (int i = 0; i < 20; i++) {
			this.http.get().uri("/v1/catalog").exchange().expectStatus().isOk();
		}
		assertThat(ServiceAssertions.scrape(this.http))
			.containsPattern("cdn_origin_rate_limited_total\\{[^}]*scope=\"address\"[^}]*\\} 3.0");
	}

	private WebTestClient.ResponseSpec status(String path) {
		return this.http.get().uri(path).header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN).exchange();
	}

}
