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
 */
public record Route(String region, String regionHint, String track, List<RouteEdge> edges, String tracker,
		String signaling) {

	public Route {
		edges = (edges != null) ? List.copyOf(edges) : List.of();
	}

	/**
	 * The best edge, or {@code null} when the list is empty.
	 */
	public RouteEdge first() {
		return this.edges.isEmpty() ? null : this.edges.get(0);
	}

}
