package cdn.edge.cache;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import cdn.edge.FakeUpstream;
import cdn.edge.config.EdgeProperties;
import cdn.edge.content.ContentPath;
import cdn.edge.takedown.Takedowns;
import cdn.edge.upstream.UpstreamClient;
import cdn.kit.security.Secret;
import cdn.protocol.SegmentName;
import cdn.protocol.TrackId;
import cdn.protocol.edge.CacheStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small memory tier under a stream of new segments: pinned objects stay, others are
 * evicted and counted.
 */
class PinnedEvictionIT {

	@Test
	void pinnedObjectsSurviveEvictionPressure() {
		try (FakeUpstream upstream = FakeUpstream.start()) {
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			EdgeProperties properties = properties(upstream, DataSize.ofKilobytes(256));
			UpstreamClient client = new UpstreamClient(properties, registry);
			EdgeCache cache = new EdgeCache(client, null, new TrackDemand(), new Takedowns(), Clock.systemUTC(),
					properties.cache(), registry);
			List<SegmentName> pinned = new ArrayList<>();
			for (int i = 0; i < 4; i++) {
				pinned.add(upstream.segment(32 * 1024, 500 + i));
				cache.get(ContentPath.segment(pinned.get(i))).block(Duration.ofSeconds(5));
			}
			cache.pin(TrackId.of("pinned-track"), pinned.stream().map(SegmentName::path).toList());
			assertThat(cache.pinnedWeight()).isGreaterThanOrEqualTo(4 * 32 * 1024);
			for (int i = 0; i < 40; i++) {
				SegmentName other = upstream.segment(32 * 1024, 600 + i);
				for (int repeat = 0; repeat < 3; repeat++) {
					cache.get(ContentPath.segment(other)).block(Duration.ofSeconds(5));
				}
			}
			assertThat(registry.get("cdn.edge.cache.evictions").tag("tier", "memory").counter().count())
				.isGreaterThan(20);
			assertThat(cache.memoryWeight()).isLessThanOrEqualTo(DataSize.ofKilobytes(256).toBytes());
			for (SegmentName segment : pinned) {
				assertThat(cache.get(ContentPath.segment(segment)).block(Duration.ofSeconds(5)).result())
					.isEqualTo(CacheStatus.HIT);
				assertThat(upstream.hits(segment.path())).isEqualTo(1);
			}
			assertThat(cache.stats().pinnedTracks()).containsExactly("pinned-track");
			cache.unpin(TrackId.of("pinned-track"));
			assertThat(cache.pinnedWeight()).isZero();
			assertThat(cache.pinnedTracks()).isEqualTo(Set.of());
			client.destroy();
		}
	}

	static EdgeProperties properties(FakeUpstream upstream, DataSize memory) {
		return new EdgeProperties("us-east", URI.create(upstream.baseUrl()), List.of(), Secret.none(), null,
				new EdgeProperties.Fetch(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofMillis(25), 0.2, 16,
						DataSize.ofMegabytes(1), false),
				new EdgeProperties.Cache(memory, Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(60),
						Duration.ofSeconds(1), DataSize.ofMegabytes(1), List.of(),
						new EdgeProperties.Disk(false, null, DataSize.ofGigabytes(1)), Duration.ofSeconds(5)),
				new EdgeProperties.Prefetch(0, Duration.ofSeconds(60), 4));
	}

}
