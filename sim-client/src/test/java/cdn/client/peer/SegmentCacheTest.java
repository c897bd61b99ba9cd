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

}
