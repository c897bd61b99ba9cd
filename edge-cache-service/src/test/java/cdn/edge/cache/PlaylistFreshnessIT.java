package cdn.edge.cache;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import cdn.edge.EdgeITSupport;
import cdn.edge.FakeUpstream;
import cdn.protocol.SegmentName;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Playlist freshness under a hand-moved clock: stale-while-revalidate (served at once,
 * one background refresh), revalidation by ETag, and stale-if-error with the upstream
 * stopped. Playlists come with {@code max-age=10}; the edge's windows are 10 s (while
 * revalidating) and 60 s (on error).
 */
class PlaylistFreshnessIT extends EdgeITSupport {

	@Test
	void expiredPlaylistIsServedStaleAtOnceWhileOneBackgroundRefreshRuns() {
		String path = "/tracks/swr-track/a128/index.m3u8";
		UPSTREAM.playlist(path, "#EXTM3U\n#v1\n");
		get(path, "MISS", "#EXTM3U\n#v1\n");
		UPSTREAM.playlist(path, "#EXTM3U\n#v2\n");
		// the refresh is slow, which no request may notice
		UPSTREAM.delay(path, Duration.ofMillis(300));
		this.clock.advance(Duration.ofSeconds(12));
		for (int i = 0; i < 5; i++) {
			get(path, "STALE", "#EXTM3U\n#v1\n");
		}
		await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> get(path, "HIT", "#EXTM3U\n#v2\n"));
		assertThat(UPSTREAM.hits(path)).isEqualTo(2);
		UPSTREAM.heal(path);
	}

	@Test
	void unchangedPlaylistIsRevalidatedWithItsEtagAndItsAgeStartsAgain() {
		String path = "/tracks/etag-track/master.m3u8";
		UPSTREAM.playlist(path, "#EXTM3U\n#same\n");
		get(path, "MISS", "#EXTM3U\n#same\n");
		// past both windows of stale-while-revalidate: the request waits for a 304
		this.clock.advance(Duration.ofSeconds(25));
		this.http.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Cache", "MISS")
			.expectHeader()
			.valueEquals(HttpHeaders.AGE, "0")
			.expectBody(String.class)
			.isEqualTo("#EXTM3U\n#same\n");
		assertThat(UPSTREAM.received()
			.stream()
			.filter((request) -> request.uri().equals(path))
			.reduce((first, second) -> second)
			.orElseThrow()
			.requestHeaders()
			.get(HttpHeaders.IF_NONE_MATCH)).isNotNull();
		get(path, "HIT", "#EXTM3U\n#same\n");
	}

	@Test
	void withTheUpstreamStoppedCachedContentIsStillServed() {
		String playlist = "/tracks/outage-track/a64/index.m3u8";
		UPSTREAM.playlist(playlist, "#EXTM3U\n#before-outage\n");
		SegmentName segment = UPSTREAM.segment(32 * 1024, 100);
		SegmentName neverFetched = UPSTREAM.segment(1024, 101);
		get(playlist, "MISS", "#EXTM3U\n#before-outage\n");
		this.http.get().uri(segment.path()).exchange().expectHeader().valueEquals("X-Cache", "MISS");
		UPSTREAM.stop();
		try {
			// within stale-while-revalidate: stale at once, the failed refresh keeps the
			// copy
			this.clock.advance(Duration.ofSeconds(12));
			get(playlist, "STALE", "#EXTM3U\n#before-outage\n");
			// past it, within stale-if-error: the refresh fails, the stale copy stands in
			this.clock.advance(Duration.ofSeconds(20));
			get(playlist, "STALE", "#EXTM3U\n#before-outage\n");
			get(playlist, "STALE", "#EXTM3U\n#before-outage\n");
			// segments are immutable: a day later still a plain hit
			this.clock.advance(Duration.ofHours(25));
			this.http.get()
				.uri(segment.path())
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.valueEquals("X-Cache", "HIT")
				.expectBody(byte[].class)
				.isEqualTo(UPSTREAM.body(segment.path()));
			// nothing cached and no upstream: 502, and the expired playlist is gone too
			this.http.get().uri(neverFetched.path()).exchange().expectStatus().isEqualTo(502);
			this.http.get().uri(playlist).exchange().expectStatus().isEqualTo(502);
		}
		finally {
			UPSTREAM.restart();
		}
		get(playlist, "MISS", "#EXTM3U\n#before-outage\n");
	}

	/**
	 * A live media playlist, as the origin sends it: fresh for 1 s (a quarter of a
	 * segment), never served stale while it refreshes. Expired, the many listeners asking
	 * at once wait for one refresh and all get the new window.
	 */
	@Test
	void aLivePlaylistIsFreshForItsSecondThenRefreshedOnceForEveryoneAndNeverServedStale() throws Exception {
		String path = "/tracks/live-track/a128/index.m3u8";
		String caching = "max-age=1, public, stale-while-revalidate=0";
		UPSTREAM.put(path, "#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:7\n".getBytes(), FakeUpstream.PLAYLIST_TYPE, caching);
		get(path, "MISS", "#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:7\n");
		UPSTREAM.put(path, "#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:8\n".getBytes(), FakeUpstream.PLAYLIST_TYPE, caching);
		this.clock.advance(Duration.ofMillis(900));
		get(path, "HIT", "#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:7\n");

		this.clock.advance(Duration.ofMillis(200));
		UPSTREAM.hold(path);
		WebClient client = WebClient.builder().baseUrl("http://127.0.0.1:" + this.port).build();
		CompletableFuture<List<ResponseEntity<String>>> all = Flux.range(0, 20)
			.flatMap((i) -> client.get().uri(path).retrieve().toEntity(String.class), 20)
			.collectList()
			.toFuture();
		await().atMost(Duration.ofSeconds(10)).until(() -> UPSTREAM.hits(path) == 2);
		UPSTREAM.release(path);
		List<ResponseEntity<String>> answers = all.get(20, TimeUnit.SECONDS);

		assertThat(answers).hasSize(20)
			.allSatisfy((answer) -> assertThat(answer.getBody()).isEqualTo("#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:8\n"));
		assertThat(answers.stream().map((answer) -> answer.getHeaders().getFirst("X-Cache"))).doesNotContain("STALE",
				"HIT");
		assertThat(UPSTREAM.hits(path)).as("one refresh for all of them").isEqualTo(2);
		get(path, "HIT", "#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:8\n");
	}

	@Test
	void playlistDeletedUpstreamIsNotServedStale() {
		String path = "/tracks/deleted-track/master.m3u8";
		UPSTREAM.playlist(path, "#EXTM3U\n");
		get(path, "MISS", "#EXTM3U\n");
		UPSTREAM.failNext(path, 404);
		this.clock.advance(Duration.ofSeconds(25));
		this.http.get().uri(path).exchange().expectStatus().isNotFound();
	}

	private void get(String path, String outcome, String body) {
		this.http.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Cache", outcome)
			.expectBody(String.class)
			.isEqualTo(body);
	}

}
