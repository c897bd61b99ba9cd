package cdn.client.peer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import cdn.protocol.SegmentId;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;

/**
 * A listener's verified segments, shared with other peers: bounded by a byte quota
 * (W-TinyLFU keeps recently played and popular segments longer than plain LRU) and by a
 * seeding time to live. Evictions are remembered so the next announce can withdraw them.
 * <p>
 * Segments are immutable and named by their hash, so the caches of all listeners in one
 * JVM share one array per segment (each cache still counts it against its own quota): 500
 * simulated listeners of one track hold one copy of it, not 500.
 */
public final class SegmentCache {

	/** One array per segment for the whole JVM, kept while any cache holds it. */
	private static final Cache<SegmentId, byte[]> SHARED = Caffeine.newBuilder().weakValues().build();

	private final Cache<SegmentId, byte[]> segments;

	private final ConcurrentLinkedQueue<SegmentId> evicted = new ConcurrentLinkedQueue<>();

	public SegmentCache(long quotaBytes, Duration seedingTtl) {
		this.segments = Caffeine.newBuilder()
			.maximumWeight(quotaBytes)
			.<SegmentId, byte[]>weigher((id, bytes) -> bytes.length)
			.expireAfterAccess(seedingTtl)
			.executor(Runnable::run)
			.removalListener((SegmentId id, byte[] bytes, RemovalCause cause) -> {
				if (cause.wasEvicted()) {
					this.evicted.add(id);
				}
			})
			.build();
	}

	/** Stores bytes that were already checked against their id. */
	public void put(SegmentId id, byte[] verifiedBytes) {
		byte[] shared = SHARED.get(id, (key) -> verifiedBytes);
		// the same id with other bytes is a caller's bug (or a test's corrupt peer): keep
		// them apart
		this.segments.put(id,
				(shared == verifiedBytes || Arrays.equals(shared, verifiedBytes)) ? shared : verifiedBytes);
	}

	public byte[] get(SegmentId id) {
		return this.segments.getIfPresent(id);
	}

	public boolean contains(SegmentId id) {
		return this.segments.asMap().containsKey(id);
	}

	/**
	 * Drops a segment that is no longer worth sharing (it left a live window); the next
	 * announce withdraws it.
	 */
	public void evict(SegmentId id) {
		if (this.segments.asMap().remove(id) != null) {
			this.evicted.add(id);
		}
	}

	/** Whether anything was evicted since the last {@link #drainEvicted}. */
	public boolean hasEvicted() {
		return !this.evicted.isEmpty();
	}

	/** Segments evicted since the last call. */
	public List<SegmentId> drainEvicted() {
		List<SegmentId> drained = new ArrayList<>();
		for (SegmentId id = this.evicted.poll(); id != null; id = this.evicted.poll()) {
			if (!contains(id)) {
				drained.add(id);
			}
		}
		return drained;
	}

	public List<SegmentId> held() {
		return List.copyOf(this.segments.asMap().keySet());
	}

	public void clear() {
		this.segments.invalidateAll();
		this.evicted.clear();
	}

}
