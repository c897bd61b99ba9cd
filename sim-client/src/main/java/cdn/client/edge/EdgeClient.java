package cdn.client.edge;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * HTTP from the ranked edges of the listener's region, with failover: a request that
 * fails on one edge (refused, reset, timeout, 5xx) moves the listener to the next ranked
 * edge and is retried there; when every edge failed, the edge list is asked for again
 * (the router will have dropped the dead one).
 */
public final class EdgeClient {

	private final HttpClient http;

	private final Supplier<Mono<List<String>>> edgeSource;

	private final Duration timeout;

	private final AtomicReference<List<String>> edges = new AtomicReference<>(List.of());

	private final AtomicInteger current = new AtomicInteger();

	private final AtomicInteger failovers = new AtomicInteger();

	private final Observer observer;

	/**
	 * @param edgeSource the ranked edge base URLs (from the router, or a fixed list)
	 */
	public EdgeClient(HttpClient http, Supplier<Mono<List<String>>> edgeSource, Duration timeout) {
		this(http, edgeSource, timeout, Observer.NONE);
	}

	/**
	 * @param edgeSource the ranked edge base URLs (from the router, or a fixed list)
	 * @param observer told of every request and every body received
	 */
	public EdgeClient(HttpClient http, Supplier<Mono<List<String>>> edgeSource, Duration timeout, Observer observer) {
		this.http = http;
		this.edgeSource = edgeSource;
		this.timeout = timeout;
		this.observer = observer;
	}

	/**
	 * Sees which edge was asked for what, e.g. to check that the origin served each
	 * object at most once per edge that asked for it. Called from network threads.
	 */
	public interface Observer {

		Observer NONE = new Observer() {
		};

		/** {@code edge} was sent a request for {@code path}, whatever came of it. */
		default void requested(String edge, String path) {
		}

		/** A 200 body of {@code length} bytes for {@code path} arrived. */
		default void received(String path, int length) {
		}

	}

	/** GET {@code path} from the current edge, failing over along the ranking. */
	public Mono<EdgeResponse> get(String path) {
		return edges().flatMap((list) -> attempt(path, list, 0))
			.onErrorResume(AllEdgesFailed.class, (failed) -> refresh().flatMap((list) -> attempt(path, list, 0)));
	}

	public int failovers() {
		return this.failovers.get();
	}

	private Mono<List<String>> edges() {
		List<String> list = this.edges.get();
		return list.isEmpty() ? refresh() : Mono.just(list);
	}

	private Mono<List<String>> refresh() {
		return this.edgeSource.get().flatMap((list) -> {
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
		long start = System.nanoTime();
		this.observer.requested(edge, path);
		return this.http.get().uri(edge + path).responseSingle((response, body) -> {
			int status = response.status().code();
			if (status == 200) {
				String cache = response.responseHeaders().get("X-Cache", "");
				return body.asByteArray().map((bytes) -> {
					this.observer.received(path, bytes.length);
					return new EdgeResponse(bytes, edge, cache, System.nanoTime() - start);
				});
			}
			if (status >= 500) {
				return Mono.error(new EdgeFailedException(edge + " answered " + status));
			}
			return Mono.error(new EdgeRejectedException(status, edge + path + " answered " + status));
		}).timeout(this.timeout).onErrorResume((error) -> !(error instanceof EdgeRejectedException), (error) -> {
			// move on to the next ranked edge, unless another request already did
			if (this.current.compareAndSet(index, index + 1)) {
				this.failovers.incrementAndGet();
			}
			return attempt(path, list, tried + 1);
		});
	}

	/** Bytes from an edge, with its {@code X-Cache} verdict and the transfer time. */
	public record EdgeResponse(byte[] body, String edge, String cacheStatus, long elapsedNanos) {

		public boolean cacheHit() {
			return this.cacheStatus.equals("HIT") || this.cacheStatus.equals("STALE")
					|| this.cacheStatus.equals("COALESCED");
		}

	}

	/** A 4xx from an edge: the request itself is wrong, another edge will not help. */
	public static final class EdgeRejectedException extends RuntimeException {

		private final int status;

		EdgeRejectedException(int status, String message) {
			super(message, null, false, false);
			this.status = status;
		}

		public int status() {
			return this.status;
		}

	}

	/** No edge could answer. */
	public static final class EdgeUnavailableException extends RuntimeException {

		EdgeUnavailableException(String message) {
			super(message, null, false, false);
		}

	}

	private static final class EdgeFailedException extends RuntimeException {

		EdgeFailedException(String message) {
			super(message, null, false, false);
		}

	}

	private static final class AllEdgesFailed extends RuntimeException {

		AllEdgesFailed() {
			super("every ranked edge failed", null, false, false);
		}

	}

}
