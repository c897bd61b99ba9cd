package cdn.edge.admin;

import java.util.List;
import java.util.Map;

import cdn.edge.EdgeITSupport;
import cdn.protocol.SegmentName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/** Warm-up, purge and pinning through the admin API, behind its token. */
class AdminIT extends EdgeITSupport {

	@ParameterizedTest
	@ValueSource(strings = { "/v1/admin/prefetch", "/v1/admin/purge", "/v1/admin/pins" })
	void adminEndpointsNeedTheAdminToken(String path) {
		this.http.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"trackId\":\"x\"}")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		this.http.post()
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, "Bearer wrong")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"trackId\":\"x\"}")
			.exchange()
			.expectStatus()
			.isForbidden();
	}

	@Test
	void prefetchWarmsEveryRenditionAndSegmentOnce() {
		List<SegmentName> segments = UPSTREAM.track("warm-track", 2, 4096);
		admin("/v1/admin/prefetch", Map.of("trackId", "warm-track")).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.objects")
			.isEqualTo(10)
			.jsonPath("$.fetched")
			.isEqualTo(10)
			.jsonPath("$.failed")
			.isEqualTo(0)
			.jsonPath("$.bytes")
			.value((bytes) -> assertThat(((Number) bytes).longValue()).isGreaterThan(6 * 4096));
		assertThat(segments).allSatisfy((segment) -> assertThat(UPSTREAM.hits(segment.path())).isEqualTo(1));
		this.http.get()
			.uri("/tracks/warm-track/a256/index.m3u8")
			.exchange()
			.expectHeader()
			.valueEquals("X-Cache", "HIT");
		this.http.get().uri(segments.get(5).path()).exchange().expectHeader().valueEquals("X-Cache", "HIT");
		admin("/v1/admin/prefetch", Map.of("trackId", "warm-track")).expectBody().jsonPath("$.fetched").isEqualTo(0);
	}

	@Test
	void prefetchOfAnUnknownTrackIs404AndOfAMalformedIdIs400() {
		admin("/v1/admin/prefetch", Map.of("trackId", "no-such-track")).expectStatus().isNotFound();
		int before = UPSTREAM.totalHits();
		admin("/v1/admin/prefetch", Map.of("trackId", "../etc")).expectStatus().isBadRequest();
		admin("/v1/admin/prefetch", Map.of()).expectStatus().isBadRequest();
		assertThat(UPSTREAM.totalHits()).isEqualTo(before);
	}

	@Test
	void purgeByKeyAndByPrefixMakesTheNextRequestAMiss() {
		List<SegmentName> segments = UPSTREAM.track("purge-track", 1, 1024);
		String master = "/tracks/purge-track/master.m3u8";
		String media = "/tracks/purge-track/a128/index.m3u8";
		for (String path : List.of(master, media, segments.get(0).path())) {
			this.http.get().uri(path).exchange().expectHeader().valueEquals("X-Cache", "MISS");
		}
		admin("/v1/admin/purge", Map.of("key", segments.get(0).path())).expectBody().jsonPath("$.purged").isEqualTo(1);
		this.http.get().uri(segments.get(0).path()).exchange().expectHeader().valueEquals("X-Cache", "MISS");
		admin("/v1/admin/purge", Map.of("prefix", "/tracks/purge-track/")).expectBody()
			.jsonPath("$.purged")
			.isEqualTo(2);
		this.http.get().uri(master).exchange().expectHeader().valueEquals("X-Cache", "MISS");
		this.http.get().uri(segments.get(0).path()).exchange().expectHeader().valueEquals("X-Cache", "HIT");
		assertThat(UPSTREAM.hits(master)).isEqualTo(2);
	}

	@Test
	void malformedPurgesAreRefused() {
		admin("/v1/admin/purge", Map.of()).expectStatus().isBadRequest();
		admin("/v1/admin/purge", Map.of("key", "/v1/catalog", "prefix", "/")).expectStatus().isBadRequest();
		admin("/v1/admin/purge", Map.of("key", "/etc/passwd")).expectStatus().isBadRequest();
		admin("/v1/admin/purge", Map.of("prefix", "tracks/")).expectStatus().isBadRequest();
	}

	@Test
	void pinnedTracksAreListedUntilUnpinned() {
		UPSTREAM.track("pin-track", 1, 2048);
		admin("/v1/admin/pins", Map.of("trackId", "pin-track")).expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.objects")
			.isEqualTo(7);
		authorized(this.http.get().uri("/v1/admin/cache")).exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.pinnedTracks[0]")
			.isEqualTo("pin-track")
			.jsonPath("$.pinnedObjects")
			.isEqualTo(7);
		authorized(this.http.delete().uri("/v1/admin/pins/pin-track")).exchange().expectStatus().isNoContent();
		authorized(this.http.delete().uri("/v1/admin/pins/pin-track")).exchange().expectStatus().isNotFound();
	}

	private WebTestClient.ResponseSpec admin(String path, Map<String, String> body) {
		return authorized(this.http.post().uri(path)).contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

	private static <S extends WebTestClient.RequestHeadersSpec<?>> S authorized(S request) {
		request.header(HttpHeaders.AUTHORIZATION, "Bearer " + ADMIN_TOKEN);
		return request;
	}

}
