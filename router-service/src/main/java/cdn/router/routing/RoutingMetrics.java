package cdn.router.routing;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import cdn.router.edge.EdgeSnapshot;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;

/**
 * {@code cdn.router.decisions} by {@code region} and {@code outcome}, and the gauge
 * {@code cdn.router.edges.healthy} by {@code region}. Region tags only ever hold known,
 * well-formed regions (unknown ones are routed as the default region), so cardinality
 * stays at regions × outcomes.
 */
public final class RoutingMetrics {

	private final MeterRegistry registry;

	private final Map<String, Counter[]> decisions = new ConcurrentHashMap<>();

	private final MultiGauge healthyEdges;

	private Map<String, Integer> lastCounts = Map.of();

	public RoutingMetrics(MeterRegistry registry) {
		this.registry = registry;
		this.healthyEdges = MultiGauge.builder("cdn.router.edges.healthy")
			.description("Healthy edges per region, as routing sees them")
			.register(registry);
	}

	public void decided(String region, RoutingOutcome outcome) {
		this.decisions.computeIfAbsent(region, this::counters)[outcome.ordinal()].increment();
	}

	private Counter[] counters(String region) {
		RoutingOutcome[] outcomes = RoutingOutcome.values();
		Counter[] counters = new Counter[outcomes.length];
		for (RoutingOutcome outcome : outcomes) {
			counters[outcome.ordinal()] = Counter.builder("cdn.router.decisions")
				.description("Routing decisions by client region and outcome")
				.tag("region", region)
				.tag("outcome", outcome.tag())
				.register(this.registry);
		}
		return counters;
	}

	/** Registry listener: keeps the healthy-edge gauge in step with the snapshots. */
	public synchronized void edgesChanged(EdgeSnapshot snapshot) {
		Map<String, Integer> counts = snapshot.healthyPerRegion();
		if (counts.equals(this.lastCounts)) {
			return;
		}
		this.lastCounts = counts;
		List<MultiGauge.Row<?>> rows = counts.entrySet()
			.stream().<MultiGauge
					.Row<?>>map((entry) -> MultiGauge.Row.of(Tags.of("region", entry.getKey()), entry.getValue()))
			.toList();
		this.healthyEdges.register(rows, true);
	}

}
