package cdn.tracker.lookup;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import cdn.tracker.config.TrackerProperties;
import cdn.tracker.store.Loading;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Segment availability as lookups see it: {@code cdn.tracker.lookup.segments} counts
 * every looked-up segment by the requester's {@code region} and by how many peers hold
 * it, in four buckets ({@code holders=0|1|2-4|5+}). Cardinality stays at regions × 4: at
 * most {@code tracker.limits.max-regions} regions get their own tag, any further one is
 * counted as {@code other}.
 * <p>
 * {@code cdn.tracker.lookup.claims} counts the segments of lookups that carried a claim
 * by {@code state}: {@code loading} (another peer of the region loads it, named in the
 * answer), {@code claimed} (the requester does) or {@code none}.
 */
@Component
class LookupMetrics {

	static final String[] BUCKETS = { "0", "1", "2-4", "5+" };

	static final String OTHER = "other";

	private final MeterRegistry registry;

	private final int maxRegions;

	private final Map<String, Counter[]> segments = new ConcurrentHashMap<>();

	private final Counter loading;

	private final Counter claimed;

	private final Counter unclaimed;

	@Autowired
	LookupMetrics(MeterRegistry registry, TrackerProperties properties) {
		this(registry, properties.limits().maxRegions());
	}

	LookupMetrics(MeterRegistry registry, int maxRegions) {
		this.registry = registry;
		this.maxRegions = maxRegions;
		this.loading = claims("loading");
		this.claimed = claims("claimed");
		this.unclaimed = claims("none");
	}

	private Counter claims(String state) {
		return Counter.builder("cdn.tracker.lookup.claims")
			.description("Segments of lookups with a claim, by who loads them")
			.tag("state", state)
			.register(this.registry);
	}

	/** One segment of a lookup that carried a claim. */
	void claim(Loading loading) {
		Counter counter = loading.mine() ? this.claimed : (loading.loader() != null) ? this.loading : this.unclaimed;
		counter.increment();
	}

	/** One looked-up segment, held by {@code holders} peers (every region). */
	void segment(String region, long holders) {
		counters(region)[bucket(holders)].increment();
	}

	static int bucket(long holders) {
		if (holders <= 0) {
			return 0;
		}
		if (holders == 1) {
			return 1;
		}
		return (holders <= 4) ? 2 : 3;
	}

	private Counter[] counters(String region) {
		Counter[] counters = this.segments.get(region);
		if (counters != null) {
			return counters;
		}
		String tag = (this.segments.size() < this.maxRegions) ? region : OTHER;
		return this.segments.computeIfAbsent(tag, this::register);
	}

	private Counter[] register(String region) {
		Counter[] counters = new Counter[BUCKETS.length];
		for (int i = 0; i < BUCKETS.length; i++) {
			counters[i] = Counter.builder("cdn.tracker.lookup.segments")
				.description("Looked-up segments by requester region and number of holders")
				.tag("region", region)
				.tag("holders", BUCKETS[i])
				.register(this.registry);
		}
		return counters;
	}

}
