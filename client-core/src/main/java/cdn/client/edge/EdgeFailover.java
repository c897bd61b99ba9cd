package cdn.client.edge;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;

/**
 * One listener's ranked edges, with failover: a request that fails on one edge (refused,
 * reset, timeout, 5xx) moves the listener to the next ranked edge and is retried there;
 * when every edge failed, the ranking is asked for again (the router will have dropped
 * the dead one). A rejection (4xx) is not retried: another edge would answer the same.
 */
public final class EdgeFailover {

	private final EdgeTransport transport;

	private final Supplier<Mono<List<String>>> ranking;

	private final AtomicReference<List<String>> edges = new AtomicReference<>(List.of());

	private final AtomicInteger current = new AtomicInteger();

	private final AtomicInteger failovers = new AtomicInteger();

	/**
	 * @param transport one request to one edge; it bounds its own wait (a timeout is a
	 * failure like any other)
	 * @param ranking the ranked edge base URLs (from the router, or a fixed list)
	 */
	public EdgeFailover(EdgeTransport transport, Supplier<Mono<List<String>>> ranking) {
		this.transport = transport;
		this.ranking = ranking;
	}

	/** GET {@code path} from the current edge, failing over along the ranking. */
	public Mono<EdgeResponse> get(String path) {
		return edges().flatMap((list) -> attempt(path, list, 0))
			.onErrorResume(AllEdgesFailed.class, (failed) -> refresh().flatMap((list) -> attempt(path, list, 0)));
	}

	/** How often this listener moved on to the next edge. */
	public int failovers() {
		return this.failovers.get();
	}

	private Mono<List<String>> edges() {
		List<String> list = this.edges.get();
		return list.isEmpty() ? refresh() : Mono.just(list);
	}

	private Mono<List<String>> refresh() {
		return this.ranking.get().flatMap((list) -> {
			if (list.isEmpty()) {
				return Mono.error(new EdgeUnavailableException("no edge available"));
			}
			this.edges.set(List.copyOf(list));
			this.current.set(0);
			return Mono.just(list);
		});
	}

	private Mono<EdgeResponse> attempt(String path, List<String> list, int tried) {
		if (tried >= list.size()) {
			return Mono.error(new AllEdgesFailed());
		}
		int index = this.current.get();
		String edge = list.get(Math.floorMod(index, list.size()));
		return Mono.defer(() -> this.transport.get(edge, path))
			.onErrorResume((error) -> !(error instanceof EdgeRejectedException), (error) -> {
				// move on to the next ranked edge, unless another request already did
				if (this.current.compareAndSet(index, index + 1)) {
					this.failovers.incrementAndGet();
				}
				return attempt(path, list, tried + 1);
			});
	}

	private static final class AllEdgesFailed extends RuntimeException {

		AllEdgesFailed() {
			super("every ranked edge failed", null, false, false);
		}

	}

}
