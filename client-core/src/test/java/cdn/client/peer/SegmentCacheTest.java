package cdn.client.peer;

import java.time.Duration;

import cdn.protocol.SegmentId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SegmentCacheTest {

	@Test
	void quotaEvictsAndEvictionsAreReportedOnce() {
		SegmentCache cache = new SegmentCache(250, Duration.ofMinutes(5));
		for (int i = 0; i < 5; i++) {
			byte[] bytes = new byte[100];
			bytes[0] = (byte) i;
			cache.put(SegmentId.ofBytes(bytes), bytes);
		}
		cache.held();
		assertThat(cache.held()).hasSizeLessThanOrEqualTo(2);
		assertThat(cache.drainEvicted()).hasSize(5 - cache.held().size());
		assertThat(cache.drainEvicted()).isEmpty();
	}

	@Test
	void cachesOfOneJvmShareOneArrayPerSegmentButNeverOtherBytes() {
		byte[] bytes = "the same segment".getBytes(java.nio.charset.StandardCharsets.UTF_8);
		SegmentId id = SegmentId.ofBytes(bytes);
		SegmentCache first = new SegmentCache(1000, Duration.ofMinutes(5));
		SegmentCache second = new SegmentCache(1000, Duration.ofMinutes(5));
		first.put(id, bytes);
		second.put(id, bytes.clone());
		assertThat(second.get(id)).isSameAs(first.get(id));

		byte[] corrupt = bytes.clone();
		corrupt[0] ^= 1;
		SegmentCache liar = new SegmentCache(1000, Duration.ofMinutes(5));
		liar.put(id, corrupt);
		assertThat(liar.get(id)).isSameAs(corrupt);
		assertThat(first.get(id)).isEqualTo(bytes);
	}

	@Test
	void aSegmentDroppedFromALiveWindowIsWithdrawnOnce() {
		SegmentCache cache = new SegmentCache(1000, Duration.ofMinutes(5));
		SegmentId id = SegmentId.ofBytes(new byte[] { 7 });
		cache.put(id, new byte[] { 7 });

		cache.evict(id);
		cache.evict(id);

		assertThat(cache.contains(id)).isFalse();
		assertThat(cache.hasEvicted()).isTrue();
		assertThat(cache.drainEvicted()).containsExactly(id);
		assertThat(cache.hasEvicted()).isFalse();
	}

}
