package cdn.router.routing;

import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Round-trip times between regions, from configuration: orders the edges of other regions
 * when a client's own region cannot serve it. A pair given in one direction counts for
 * both unless the other direction is given too; an unknown pair is farther than any known
 * one.
 */
public final class LatencyMatrix {

	/** Distance of a pair nobody configured. */
	public static final long UNKNOWN = Long.MAX_VALUE;

	private final Map<String, Map<String, Long>> millis = new HashMap<>();

	public LatencyMatrix(Map<String, Map<String, Duration>> latency) {
		latency.forEach((from, row) -> row.forEach((to, rtt) -> row(from).put(to, rtt.toMillis())));
		latency.forEach((from, row) -> row.forEach((to, rtt) -> row(to).putIfAbsent(from, rtt.toMillis())));
	}

	private Map<String, Long> row(String from) {
		return this.millis.computeIfAbsent(from, (key) -> new HashMap<>());
	}

	/**
	 * Milliseconds from one region to another: 0 within a region, {@link #UNKNOWN} if not
	 * configured.
	 */
	public long millis(String from, String to) {
		if (from.equals(to)) {
			return 0;
		}
		Map<String, Long> row = this.millis.get(from);
		Long rtt = (row != null) ? row.get(to) : null;
		return (rtt != null) ? rtt : UNKNOWN;
	}

	/** Every region named in the matrix. */
	public Set<String> regions() {
		return Collections.unmodifiableSet(this.millis.keySet());
	}

}
