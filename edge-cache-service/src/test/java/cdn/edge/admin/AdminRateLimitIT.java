package cdn.edge.admin;

import java.util.List;
import java.util.Map;

import cdn.edge.EdgeITSupport;
import cdn.kit.test.ServiceAssertions;
import cdn.protocol.SegmentName;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cdn.kit.test.ServiceAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The admin API per client address: 3 calls, then one per 100 s; beyond that every admin
 * call is the kit's 429 problem, with the right token or without. The content paths are
 * never limited, before or after.
 */
@TestPropertySource(properties = { "edge.limits.admin-rate=0.01", "edge.limits.admin-burst=3" })
class AdminRateLimitIT extends EdgeITSupport {

	@Test
	void adminCallsOverTheAddressRateAre429AndReadsAreNeverLimited() {
		List<SegmentName> segments = UPSTREAM.track("limited-track", 1, 1024);
		List<String> reads = List.of("/tracks/limited-track/master.m3u8", "/tracks/limited-track/a128/index.m3u8",
				segments.get(0).path(), "/v1/status");
		readAll(reads, 30);

		admin("/v1/admin/purge", Map.of("key", segments.get(0).path())).expectStatus().isOk();
		admin("/v1/admin/prefetch", Map.of("trackId", "limited-track")).expectStatus().isOk();
		this.http.get().uri("/v1/admin/cache").exchange().expectStatus().isUnauthorized();

		int upstreamHits = UPSTREAM.totalHits();
		expectProblem(admin("/v1/admin/prefetch", Map.of("trackId", "limited-track")), 429).jsonPath("$.detail")
			.isEqualTo("too many requests from this address");
		admin("/v1/admin/purge", Map.of("prefix", "/tracks/")).expectHeader()
			.value(HttpHeaders.RETRY_AFTER, (seconds) -> assertThat(Long.parseLong(seconds)).isBetween(1L, 100L));
		expectProblem(this.http.get().uri("/v1/admin/cache").exchange(), 429);
		expectProblem(this.http.delete()
			.uri("/v1/admin/pins/limited-track")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_TOKEN)
			.exchange(), 429);
		assertThat(UPSTREAM.totalHits()).as("a refused prefetch warms nothing").isEqualTo(upstreamHits);

		readAll(reads, 30);
		assertThat(ServiceAssertions.scrape(this.http))
			.containsPattern("cdn_edge_rate_limited_total\\{[^}]*scope=\"address\"[^}]*\\} 4.0");
	}

	private void readAll(List<String> paths, int times) {
		for (int i = 0; i < times; i++) {
			for (String path : paths) {
				this.http.get().uri(path).exchange().expectStatus().isOk();
			}
		}
	}

	private WebTestClient.ResponseSpec admin(String path, Map<String, ?> body) {
		return this.http.post()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_TOKEN)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

}
