package cdn.client.edge;

import reactor.core.publisher.Mono;

/**
 * How a client asks one edge for one path: HTTP today. An answer other than the bytes
 * fails the {@code Mono}: with {@link EdgeRejectedException} when the request itself is
 * wrong (a 4xx: another edge will not help), with anything else when the edge failed.
 */
@FunctionalInterface
public interface EdgeTransport {

	/**
	 * @param edge the edge's base URL
	 * @param path the absolute path, e.g. {@code /segments/{id}.m4s}
	 */
	Mono<EdgeResponse> get(String edge, String path);

}
