package cdn.client.http;

import java.time.Duration;

import cdn.client.edge.EdgeRejectedException;
import cdn.client.edge.EdgeResponse;
import cdn.client.edge.EdgeTransport;
import cdn.protocol.edge.CacheStatus;
import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.util.context.ContextView;

/**
 * {@link EdgeTransport} over HTTP: a 200 is the bytes, a 4xx a rejection, a 5xx or no
 * whole answer within the timeout a failure. The call's listener token
 * ({@link EdgeTransport#BEARER} in its context) goes as {@code Authorization: Bearer}.
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
		return Mono.deferContextual((call) -> withBearer(TraceHeaders.of(this.http, call), call).get()
			.uri(edge + path)
			.responseSingle((response, body) -> {
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
			})).timeout(this.timeout);
	}

	/** {@code http}, sending the call's listener token when its context has one. */
	private static HttpClient withBearer(HttpClient http, ContextView call) {
		String token = call.getOrDefault(BEARER, null);
		return (token != null)
				? http.headers((headers) -> headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token)) : http;
	}

	private static final class EdgeFailedException extends RuntimeException {

		EdgeFailedException(String message) {
			super(message, null, false, false);
		}

	}

}
