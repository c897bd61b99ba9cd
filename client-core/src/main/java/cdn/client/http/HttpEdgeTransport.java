package cdn.client.http;

import java.time.Duration;

import cdn.client.edge.EdgeRejectedException;
import cdn.client.edge.EdgeResponse;
import cdn.client.edge.EdgeTransport;
import cdn.protocol.edge.CacheStatus;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * {@link EdgeTransport} over HTTP: a 200 is the bytes, a 4xx a rejection, a 5xx or no
 * whole answer within the timeout a failure.
 */
public final class HttpEdgeTransport implements EdgeTransport {

	private final HttpClient http;

	private final Duration timeout;

	/**
	 * @param timeout the longest wait for one edge's whole answer
	 */
	public HttpEdgeTransport(HttpClient http, Duration timeout) {
		this.http = http;
		this.timeout = timeout;
	}

	@Override
	public Mono<EdgeResponse> get(String edge, String path) {
		return Mono.deferContextual(
				(call) -> TraceHeaders.of(this.http, call).get().uri(edge + path).responseSingle((response, body) -> {
					int status = response.status().code();
					if (status == 200) {
						CacheStatus cache = CacheStatus.parse(response.responseHeaders().get(CacheStatus.HEADER));
						// an empty 200 is zero bytes: the hash check or the
						// playlist parser rejects it
						return body.asByteArray()
							.defaultIfEmpty(new byte[0])
							.map((bytes) -> new EdgeResponse(bytes, cache));
					}
					if (status >= 500) {
						return Mono.error(new EdgeFailedException(edge + " answered " + status));
					}
					return Mono.error(new EdgeRejectedException(status, edge + path + " answered " + status));
				}))
			.timeout(this.timeout);
	}

	private static final class EdgeFailedException extends RuntimeException {

		EdgeFailedException(String message) {
			super(message, null, false, false);
		}

	}

}
