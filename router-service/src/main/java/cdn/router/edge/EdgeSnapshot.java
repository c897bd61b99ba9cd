package cdn.router.edge;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every edge as of the last change, immutable: routing reads it without a lock and
 * without I/O. The registry publishes a new one after each probe round and each discovery
 * change.
 */
public final class EdgeSnapshot {

	public static final EdgeSnapshot EMPTY = new EdgeSnapshot(List.of());

	private static final Comparator<EdgeView> ORDER = Comparator.comparing(EdgeView::region)
		.thenComparing(EdgeView::url);

	private final List<EdgeView> edges;

	private final List<EdgeView> healthy;

	private final long[] healthyNodeHashes;

	private final Set<String> regions;

	public EdgeSnapshot(List<EdgeView> edges) {
		List<EdgeView> sorted = new ArrayList<>(edges);
		sorted.sort(ORDER);
		this.edges = List.copyOf(sorted);
		this.healthy = sorted.stream().filter(EdgeView::healthy).toList();
		this.healthyNodeHashes = this.healthy.stream().mapToLong((edge) -> RendezvousHash.hash(edge.url())).toArray();
		Set<String> regions = new TreeSet<>();
		sorted.forEach((edge) -> regions.add(edge.region()));
		this.regions = Collections.unmodifiableSet(regions);
	}

	/** Every known edge, whatever its state, by region then URL. */
	public List<EdgeView> edges() {
		return this.edges;
	}

	/** The edges that may be routed to, by region then URL. */
	public List<EdgeView> healthy() {
		return this.healthy;
	}

	/** Rendezvous node hash of {@code healthy().get(i)}. */
	public long healthyNodeHash(int i) {
		return this.healthyNodeHashes[i];
	}

	/** Regions with at least one known edge, healthy or not. */
	public Set<String> regions() {
		return this.regions;
	}

	/** Healthy edge count of every region that has a known edge (zero included). */
	public Map<String, Integer> healthyPerRegion() {
		Map<String, Integer> counts = new TreeMap<>();
		this.regions.forEach((region) -> counts.put(region, 0));
		this.healthy.forEach((edge) -> counts.merge(edge.region(), 1, Integer::sum));
		return counts;
	}

}
