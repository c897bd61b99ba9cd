package cdn.edge.cache;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import cdn.protocol.TrackId;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Recent demand per track (playlist requests), for warming the most popular tracks.
 * Bounded to {@link #MAX_TRACKS} tracks; {@link #drainTop} starts a new window.
 */
public class TrackDemand {

	/** Tracks counted at once; the least used are forgotten beyond that. */
	static final int MAX_TRACKS = 10_000;

	private final Cache<TrackId, LongAdder> counts = Caffeine.newBuilder().maximumSize(MAX_TRACKS).build();

	void record(TrackId trackId) {
		this.counts.get(trackId, (id) -> new LongAdder()).increment();
	}

	/** The {@code n} most requested tracks since the last call, most requested first. */
	public List<TrackId> drainTop(int n) {
		Map<TrackId, Long> snapshot = new java.util.HashMap<>();
		this.counts.asMap().forEach((id, count) -> snapshot.put(id, count.sumThenReset()));
		return snapshot.entrySet()
			.stream()
			.filter((entry) -> entry.getValue() > 0)
			.sorted(Map.Entry.<TrackId, Long>comparingByValue(Comparator.reverseOrder())
				.thenComparing((entry) -> entry.getKey().value()))
			.limit(n)
			.map(Map.Entry::getKey)
			.toList();
	}

}
