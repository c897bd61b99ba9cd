package cdn.router.routing;

import cdn.protocol.TrackId;

/**
 * One routing decision: the client's region, the track, and the ranked edges.
 *
 * @param region the client's region and how it was found
 * @param track the track, or {@code null}
 * @param ranked the edges, best first
 */
public record RouteDecision(ResolvedRegion region, TrackId track, RankedEdges ranked) {

	public boolean hasEdge() {
		return !this.ranked.edges().isEmpty();
	}

}
