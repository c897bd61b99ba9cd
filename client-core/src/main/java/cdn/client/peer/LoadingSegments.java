package cdn.client.peer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import cdn.protocol.SegmentId;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The segments a listener has claimed to load (the tracker names it as their loader to
 * the rest of its region), so that its peer server can hold a request for one until the
 * segment arrives instead of answering "absent". Thread-safe: the listener's worker
 * claims and completes, server threads wait.
 */
public final class LoadingSegments {

	private final Map<SegmentId, Sinks.Empty<Void>> loading = new ConcurrentHashMap<>();

	/** The listener holds the claim to load {@code segment}. */
	public void claimed(SegmentId segment) {
		this.loading.computeIfAbsent(segment, (key) -> Sinks.empty());
	}

	/**
	 * The segment arrived (it is in the cache), or will not come from this listener: the
	 * waiting requests are answered.
	 */
	public void ended(SegmentId segment) {
		Sinks.Empty<Void> waiters = this.loading.remove(segment);
		if (waiters != null) {
			waiters.tryEmitEmpty();
		}
	}

	public boolean isLoading(SegmentId segment) {
		return this.loading.containsKey(segment);
	}

	/**
	 * Completes when {@code segment} is no longer loading, at once when it is not, or
	 * after {@code atMost}.
	 */
	public Mono<Void> whenEnded(SegmentId segment, Duration atMost) {
		Sinks.Empty<Void> waiters = this.loading.get(segment);
		if (waiters == null) {
			return Mono.empty();
		}
		return waiters.asMono().timeout(atMost, Mono.empty());
	}

	/** Ends every claim (the listener leaves). */
	public void clear() {
		this.loading.keySet().forEach(this::ended);
	}

}
