package cdn.client.edge;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;

/**
 * One listener's ranked edges, with failover: a request that fails on one edge (refused,
 * reset, timeout, 5xx) moves the listener to the next ranked edge and is retried there;
 * when every edge failed, the ranking is asked for again (the router will have dropped
 * the dead one). A rejection (4xx) is not retried: another edge would answer the same;
 * except a refused signature (403, 410 when it has expired; 401 when a listener token
 * came with it and was refused too) when the ranking carried one: the ranking, with a new
 * signature, is asked for once more. With listener tokens
 * ({@link #signed(EdgeTransport, Supplier, Supplier)}) every request carries the
 * listener's token as well, as {@code Authorization: Bearer}
 * ({@link EdgeTransport#BEARER}): an edge that requires signed URLs takes either, a token
 * only when it was issued for the track (it opens that track's playlists and segments, as
 * the track's signature does).
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

	/** No listener token: requests go as they are. */
	private static final Supplier<Mono<String>> NO_BEARER = Mono::empty;

	private final EdgeTransport transport;

	private final Supplier<Mono<Ranking>> ranking;

	private final Supplier<Mono<String>> bearer;

	private final AtomicReference<Ranking> edges = new AtomicReference<>(NONE);

	private final AtomicInteger current = new AtomicInteger();

	private final AtomicInteger failovers = new AtomicInteger();

	/**
	 * @param transport one request to one edge; it bounds its own wait (a timeout is a
	 * failure like any other)
	 * @param ranking the ranked edge base URLs (a fixed list), which need no signature
	 */
	public EdgeFailover(EdgeTransport transport, Supplier<Mono<List<String>>> ranking) {
		this(() -> ranking.get().map(Ranking::unsigned), transport, NO_BEARER);
	}

	/**
	 * @param ranking the ranked edges and their signature (from the router)
	 */
	public static EdgeFailover signed(EdgeTransport transport, Supplier<Mono<Ranking>> ranking) {
		return new EdgeFailover(ranking, transport, NO_BEARER);
	}

	/**
	 * @param ranking the ranked edges and their signature (from the router)
	 * @param bearer the listener's token for each request, issued for the ranking's track
	 * (e.g. {@link cdn.client.route.ListenerTokens#token(String, String, String)} with
	 * the track: an edge refuses a token for no track, 401, or another track's, 403, for
	 * playlists), empty for none; one that cannot be had leaves the request to its
	 * signature
	 */
	public static EdgeFailover signed(EdgeTransport transport, Supplier<Mono<Ranking>> ranking,
			Supplier<Mono<String>> bearer) {
		return new EdgeFailover(ranking, transport, bearer);
	}

	private EdgeFailover(Supplier<Mono<Ranking>> ranking, EdgeTransport transport, Supplier<Mono<String>> bearer) {
		this.transport = transport;
		this.ranking = ranking;
		this.bearer = bearer;
	}

	/**
	 * GET {@code path} (no query) from the current edge, failing over along the ranking,
	 * with the listener's token when there is one.
	 */
	public Mono<EdgeResponse> get(String path) {
		if (this.bearer == NO_BEARER) {
			return failingOver(path, edges());
		}
		// the token and (for a first request) the ranking are asked for at once: a
		// listener's first request waits for one round trip to the router, not two
		Mono<Optional<String>> token = Mono.defer(this.bearer::get)
			.onErrorResume((noToken) -> Mono.empty())
			.map(Optional::of)
			.defaultIfEmpty(Optional.empty());
		return Mono.zip(token, edges())
			.flatMap((both) -> failingOver(path, Mono.just(both.getT2())).contextWrite(
					(call) -> both.getT1().map((value) -> call.put(EdgeTransport.BEARER, value)).orElse(call)));
	}

	private Mono<EdgeResponse> failingOver(String path, Mono<Ranking> ranking) {
		return ranking.flatMap((ranked) -> attempt(path, ranked, 0))
			.onErrorResume(AllEdgesFailed.class, (failed) -> refresh().flatMap((ranked) -> attempt(path, ranked, 0)))
			// a router that cannot rank again (e.g. 410: the track was taken down) leaves
			// the
			// edge's refusal standing
			.onErrorResume(this::signatureRefused,
					(refused) -> refresh().onErrorResume((routerFailed) -> Mono.error(refused))
						.flatMap((ranked) -> attempt(path, ranked, 0)));
	}

	/**
	 * A 403 or 410 for a signed path (a 401 when a refused token came with it): the
	 * signature may have expired or been revoked.
	 */
	private boolean signatureRefused(Throwable error) {
		return error instanceof EdgeRejectedException rejected
				&& (rejected.status() == 401 || rejected.status() == 403 || rejected.status() == 410)
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
