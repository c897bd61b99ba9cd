package cdn.router.edge;

import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The router's memory of every edge: discovery says which edges exist, the health monitor
 * what their probes found, and routing reads the resulting immutable
 * {@link EdgeSnapshot}. Writers take a lock; readers never do.
 */
public final class EdgeRegistry {

	private static final Logger log = LoggerFactory.getLogger(EdgeRegistry.class);

	private final Clock clock;

	private final HealthPolicy policy;

	/** By URL; guarded by {@code this}. */
	private final Map<String, EdgeState> edges = new LinkedHashMap<>();

	private final List<Consumer<EdgeSnapshot>> listeners = new CopyOnWriteArrayList<>();

	private volatile EdgeSnapshot snapshot = EdgeSnapshot.EMPTY;

	private volatile boolean discovered;

	public EdgeRegistry(Clock clock, HealthPolicy policy) {
		this.clock = clock;
		this.policy = policy;
	}

	public EdgeSnapshot snapshot() {
		return this.snapshot;
	}

	/**
	 * Discovery has delivered its first complete list (the static list, or the informer's
	 * initial sync).
	 */
	public void markDiscovered() {
		this.discovered = true;
	}

	public boolean discovered() {
		return this.discovered;
	}

	/** Called with every new snapshot, in order, on the writer's thread. */
	public synchronized void onChange(Consumer<EdgeSnapshot> listener) {
		this.listeners.add(listener);
		listener.accept(this.snapshot);
	}

	/** The edges to probe. */
	public synchronized List<Edge> members() {
		return this.edges.values().stream().map(EdgeState::edge).toList();
	}

	/**
	 * Makes the known edges exactly {@code discovered}: new ones start {@code UNKNOWN},
	 * missing ones are forgotten, kept ones keep their health (and take a new region if
	 * they were relabelled).
	 */
	public synchronized void replaceAll(Collection<Edge> discovered) {
		Instant now = this.clock.instant();
		Map<String, Edge> byUrl = new LinkedHashMap<>();
		discovered.forEach((edge) -> byUrl.put(edge.url(), edge));
		this.edges.keySet().removeIf((url) -> {
			boolean gone = !byUrl.containsKey(url);
			if (gone) {
				log.info("Edge {} removed", url);
			}
			return gone;
		});
		byUrl.values().forEach((edge) -> {
			EdgeState state = this.edges.get(edge.url());
			if (state == null) {
				log.info("Edge {} added in region {}", edge.url(), edge.region());
				this.edges.put(edge.url(), new EdgeState(edge, now));
			}
			else {
				state.region(edge.region());
			}
		});
		publish();
	}

	/**
	 * Applies one probe round. Results for edges that were removed meanwhile are ignored.
	 */
	public synchronized void recordProbes(Map<String, ProbeResult> results) {
		Instant now = this.clock.instant();
		results.forEach((url, result) -> {
			EdgeState state = this.edges.get(url);
			if (state != null && state.apply(result, now, this.policy)) {
				EdgeView view = state.view();
				log.info("Edge {} ({}) is {}: {}", url, view.region(), view.state().id(), view.reason());
			}
		});
		publish();
	}

	/** Under the lock, so that listeners see snapshots in order. */
	private void publish() {
		EdgeSnapshot next = new EdgeSnapshot(this.edges.values().stream().map(EdgeState::view).toList());
		this.snapshot = next;
		this.listeners.forEach((listener) -> listener.accept(next));
	}

}
