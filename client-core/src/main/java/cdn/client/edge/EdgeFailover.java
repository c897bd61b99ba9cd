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
 * the dead one). A rejection (4xx) is not retried: another edge would answer the same;
 * except a refused signature (403, 410 when it has expired) when the ranking carried one:
 * the ranking, with a new signature, is asked for once more.
 */
public final class EdgeFailover {

	/**
	 * Ranked edges and the query that signs the track's URLs at them.
	 *
	 * @param edges base URLs, best first
	 * @param urlSignature appended to every path asked for ({@code cdn-scope=…}), or
	 * {@code null} when the edges need none
	 */
	public record Ranking(List<String> edges, String urlSignature) {

		public Ranking {
			edges = List.copyOf(edges);
		}

		/** Edges that need no signature. */
		public static Ranking unsigned(List<String> edges) {
			return new Ranking(edges, null);
		}

		String target(String path) {
			return (this.urlSignature != null) ? path + "?" + this.urlSignature : path;
		}

	}

	private static final Ranking NONE = Ranking.unsigned(List.of());

	private final EdgeTransport transport;

	private final Supplier<Mono<Ranking>> ranking;

	private final AtomicReference<Ranking> edges = new AtomicReference<>(NONE);

	private final AtomicInteger current = new AtomicInteger();

	private final AtomicInteger failovers = new AtomicInteger();

	/**
	 * @param transport one request to one edge; it bounds its own wait (a timeout is a
	 * failure like any other)
	 * @param ranking the ranked edge base URLs (a fixed list), which need no signature
	 */
	public EdgeFailover(EdgeTransport transport, Supplier<Mono<List<String>>> ranking) {
		this(() -> ranking.get().map(Ranking::unsigned), transport);
	}

	/**
	 * @param ranking the ranked edges and their signature (from the router)
	 */
	public static EdgeFailover signed(EdgeTransport transport, Supplier<Mono<Ranking>> ranking) {
		return new EdgeFailover(ranking, transport);
	}

	private EdgeFailover(Supplier<Mono<Ranking>> ranking, EdgeTransport transport) {
		this.transport = transport;
		this.ranking = ranking;
	}

	/**
	 * GET {@code path} (no query) from the current edge, failing over along the ranking.
	 */
	public Mono<EdgeResponse> get(String path) {
		return edges().flatMap((ranked) -> attempt(path, ranked, 0))
			.onErrorResume(AllEdgesFailed.class, (failed) -> refresh().flatMap((ranked) -> attempt(path, ranked, 0)))
			// a router that cannot rank again (e.g. 410: the track was taken down) leaves
			// the
			// edge's refusal standing
			.onErrorResume(this::signatureRefused,
					(refused) -> refresh().onErrorResume((routerFailed) -> Mono.error(refused))
						.flatMap((ranked) -> attempt(path, ranked, 0)));
	}

	/** A 403 or 410 for a signed path: the signature may have expired or been revoked. */
	private boolean signatureRefused(Throwable error) {
		return error instanceof EdgeRejectedException rejected && (rejected.status() == 403 || rejected.status() == 410)
				&& this.edges.get().urlSignature() != null;
	}

	/** How often this listener moved on to the next edge. */
	public int failovers() {
		return this.failovers.get();
	}

	private Mono<Ranking> edges() {
		Ranking ranked = this.edges.get();
		return ranked.edges().isEmpty() ? refresh() : Mono.just(ranked);
	}

	private Mono<Ranking> refresh() {
		return this.ranking.get().flatMap((ranked) -> {
			if (ranked.edges().isEmpty()) {
				return Mono.error(new EdgeUnavailableException("no edge available"));
			}
			this.edges.set(ranked);
			this.current.set(0);
			return Mono.just(ranked);
		});
	}

	private Mono<EdgeResponse> attempt(String path, Ranking ranked, int tried) {
		List<String> list = ranked.edges();
		if (tried >= list.size()) {
			return Mono.error(new AllEdgesFailed());
		}
		int index = this.current.get();
		String edge = list.get(Math.floorMod(index, list.size()));
		return Mono.defer(() -> this.transport.get(edge, ranked.target(path)))
			.onErrorResume((error) -> !(error instanceof EdgeRejectedException), (error) -> {
				// move on to the next ranked edge, unless another request already did
				if (this.current.compareAndSet(index, index + 1)) {
					this.failovers.incrementAndGet();
				}
				return attempt(path, ranked, tried + 1);
			});
	}

	private static final class AllEdgesFailed extends RuntimeException {

		AllEdgesFailed() {
			super("every ranked edge failed", null, false, false);
		}

	}

}
