package cdn.client.edge;

import reactor.core.publisher.Mono;

/**
 * How a client asks one edge for one path: HTTP today. An answer other than the bytes
 * fails the {@code Mono}: with {@link EdgeRejectedException} when the request itself is
 * wrong (a 4xx: another edge will not help), with anything else when the edge failed. The
 * listener's token travels in the call's Reactor context ({@link #BEARER}, put there by
 * {@link EdgeFailover}), so that a transport wrapped in another (observed, emulated)
 * still sends it.
 */
@FunctionalInterface
public interface EdgeTransport {

	/**
	 * The context key of the listener token (a {@code String}, no scheme) a request
	 * carries as {@code Authorization: Bearer}: an edge that requires signed URLs takes
	 * it in place of a signature. Absent: no header.
	 */
	String BEARER = "cdn.client.edge.bearer";

	/**
	 * @param edge the edge's base URL
	 * @param path the absolute path, e.g. {@code /segments/{id}.m4s}
	 */
	Mono<EdgeResponse> get(String edge, String path);

}
