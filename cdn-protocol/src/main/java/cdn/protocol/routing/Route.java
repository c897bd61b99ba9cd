package cdn.protocol.routing;

import java.util.List;

/**
 * The router's answer to {@code GET /v1/route}: where a client should fetch a track from,
 * best edge first, and where its tracker and signaling live.
 *
 * @param region the region the client was routed as
 * @param regionHint why {@code region} is not the region the client asked for (the asked
 * one was unknown, or none was asked); {@code null} when the asked region was used
 * @param track the track the ranking was made for; {@code null} when none was given
 * @param edges healthy edges, best first; at least two whenever two are healthy
 * @param tracker base URL of the tracker
 * @param signaling WebSocket URL of signaling
 * @param token the listener token for the peer the route was asked for ({@code ?peer=}):
 * {@code Authorization: Bearer} at the tracker; {@code null} when none was asked for or
 * the router issues none
 * @param tokenSeconds how long {@code token} is valid from the answer; {@code null}
 * without a token
 * @param urlSignature the query (no {@code ?}) to append to every playlist and segment
 * URL of {@code track} at the edges ({@code cdn-scope=…&cdn-exp=…&cdn-kid=…&cdn-sig=…});
 * {@code null} when no track was named or the router signs no URLs
 * @param urlSignatureSeconds how long {@code urlSignature} is valid from the answer;
 * {@code null} without one
 */
public record Route(String region, String regionHint, String track, List<RouteEdge> edges, String tracker,
		String signaling, String token, Long tokenSeconds, String urlSignature, Long urlSignatureSeconds) {

	public Route {
		edges = (edges != null) ? List.copyOf(edges) : List.of();
	}

	/** A route without a listener token. */
	public Route(String region, String regionHint, String track, List<RouteEdge> edges, String tracker,
			String signaling) {
		this(region, regionHint, track, edges, tracker, signaling, null, null, null, null);
	}

	/** This route with the listener token for its peer. */
	public Route withToken(String token, long tokenSeconds) {
		return new Route(this.region, this.regionHint, this.track, this.edges, this.tracker, this.signaling, token,
				tokenSeconds, this.urlSignature, this.urlSignatureSeconds);
	}

	/** This route with the signature of its track's URLs. */
	public Route withUrlSignature(String urlSignature, long urlSignatureSeconds) {
		return new Route(this.region, this.regionHint, this.track, this.edges, this.tracker, this.signaling, this.token,
				this.tokenSeconds, urlSignature, urlSignatureSeconds);
	}

	/**
	 * The best edge, or {@code null} when the list is empty.
	 */
	public RouteEdge first() {
		return this.edges.isEmpty() ? null : this.edges.get(0);
	}

}
