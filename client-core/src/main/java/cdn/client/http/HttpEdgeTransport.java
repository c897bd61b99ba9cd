package cdn.client.http;

import cdn.client.edge.EdgeRejectedException;
import cdn.client.edge.EdgeResponse;
import cdn.client.edge.EdgeTransport;
import cdn.protocol.edge.CacheStatus;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * {@link EdgeTransport} over HTTP: a 200 is the bytes, a 4xx a rejection, a 5xx a
 * failure.
 */
public final class HttpEdgeTransport implements EdgeTransport {

	private final HttpClient http;

	public HttpEdgeTransport(HttpClient http) {
		this.http = http;
	}

	@Override
	public Mono<EdgeResponse> get(String edge, String path) {
		return Mono.defer(() -> {
			long start = System.nanoTime();
			return this.http.get().uri(edge + path).responseSingle((response, body) -> {
				int status = response.status().code();
				if (status == 200) {
					CacheStatus cache = CacheStatus.parse(response.responseHeaders().get(CacheStatus.HEADER));
					return body.asByteArray()
						.map((bytes) -> new EdgeResponse(bytes, edge, cache, System.nanoTime() - start));
				}
				if (status >= 500) {
					return Mono.error(new EdgeFailedException(edge + " answered " + status));
				}
				return Mono.error(new EdgeRejectedException(status, edge + path + " answered " + status));
			});
		});
	}

	private static final class EdgeFailedException extends RuntimeException {

		EdgeFailedException(String message) {
			super(message, null, false, false);
		}

	}

}
