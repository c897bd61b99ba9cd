package cdn.tracker.selection;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import cdn.protocol.InvalidIdException;
import cdn.protocol.Region;
import org.springframework.boot.convert.DurationStyle;

/**
 * Estimated round-trip times between regions, from entries such as
 * {@code us-east/eu-west=80ms}. Symmetric; a region is 0 ms from itself; pairs not listed
 * get the default.
 */
public final class RttMatrix {

	private final Map<String, Map<String, Long>> millis = new HashMap<>();

	private final long defaultMillis;

	private final Set<String> regions = new TreeSet<>();

	private final Map<String, List<String>> orderCache = new java.util.concurrent.ConcurrentHashMap<>();

	public RttMatrix(List<String> entries, Duration defaultRtt) {
		this.defaultMillis = defaultRtt.toMillis();
		for (String entry : entries) {
			int slash = entry.indexOf('/');
			int equals = entry.indexOf('=');
			if (slash < 0 || equals < slash) {
				throw new IllegalArgumentException("tracker.selection.rtt entry must look like a/b=80ms: " + entry);
			}
			String a = entry.substring(0, slash).trim();
			String b = entry.substring(slash + 1, equals).trim();
			try {
				Region.of(a);
				Region.of(b);
			}
			catch (InvalidIdException ex) {
				throw new IllegalArgumentException("tracker.selection.rtt: " + ex.getMessage() + ": " + entry);
			}
			long rtt = DurationStyle.detectAndParse(entry.substring(equals + 1).trim()).toMillis();
			this.millis.computeIfAbsent(a, (key) -> new HashMap<>()).put(b, rtt);
			this.millis.computeIfAbsent(b, (key) -> new HashMap<>()).put(a, rtt);
			this.regions.add(a);
			this.regions.add(b);
		}
	}

	public long millis(String from, String to) {
		if (from.equals(to)) {
			return 0;
		}
		Map<String, Long> row = this.millis.get(from);
		return (row != null) ? row.getOrDefault(to, this.defaultMillis) : this.defaultMillis;
	}

	/**
	 * The requester's region, then the regions of the matrix nearest first. Cached per
	 * region (the number of regions is bounded by {@code tracker.limits.max-regions}).
	 */
	public List<String> nearestFirst(String region) {
		return this.orderCache.computeIfAbsent(region, (from) -> {
			List<String> order = new ArrayList<>();
			order.add(from);
			this.regions.stream()
				.filter((other) -> !other.equals(from))
				.sorted(Comparator.comparingLong((String other) -> millis(from, other)).thenComparing((other) -> other))
				.forEach(order::add);
			return List.copyOf(order);
		});
	}

}
