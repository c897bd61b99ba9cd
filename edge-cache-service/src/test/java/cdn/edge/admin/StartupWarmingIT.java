package cdn.edge.admin;

import java.time.Duration;
import java.util.List;

import cdn.edge.EdgeITSupport;
import cdn.edge.cache.EdgeCache;
import cdn.protocol.SegmentName;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code edge.cache.pinned-tracks} warms and pins tracks when the edge starts, and
 * {@code edge.prefetch.top-n} warms the tracks whose playlists were asked for most.
 */
@TestPropertySource(properties = { "edge.cache.pinned-tracks=pinned-at-start", "edge.prefetch.top-n=1",
		"edge.prefetch.interval=200ms" })
class StartupWarmingIT extends EdgeITSupport {

	/** Published before the edge starts, so the start-up pinning finds it. */
	private static final List<SegmentName> PINNED = UPSTREAM.track("pinned-at-start", 2, 1024);

	@Autowired
	EdgeCache cache;

	@Test
	void pinnedTrackIsWarmedAndPinnedAtStart() {
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(this.cache.stats().pinnedTracks()).containsExactly("pinned-at-start"));
		for (SegmentName segment : PINNED) {
			this.http.get().uri(segment.path()).exchange().expectHeader().valueEquals("X-Cache", "HIT");
			assertThat(UPSTREAM.hits(segment.path())).isEqualTo(1);
		}
		assertThat(this.cache.pinnedWeight()).isGreaterThanOrEqualTo(PINNED.size() * 1024L);
	}

	@Test
	void mostRequestedTrackIsPrefetched() {
		List<SegmentName> segments = UPSTREAM.track("in-demand", 2, 1024);
		this.http.get().uri("/tracks/in-demand/master.m3u8").exchange().expectStatus().isOk();
		await().atMost(Duration.ofSeconds(20))
			.until(() -> segments.stream().allMatch((segment) -> UPSTREAM.hits(segment.path()) == 1));
		for (SegmentName segment : segments) {
			this.http.get().uri(segment.path()).exchange().expectHeader().valueEquals("X-Cache", "HIT");
		}
		assertThat(segments).allSatisfy((segment) -> assertThat(UPSTREAM.hits(segment.path())).isEqualTo(1));
	}

}
