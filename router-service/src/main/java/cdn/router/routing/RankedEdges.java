package cdn.router.routing;

import java.util.List;

import cdn.router.edge.EdgeView;

/**
 * The edges a client should try, best first, and why the first one leads.
 *
 * @param edges best first; empty only when no edge is healthy
 * @param outcome why the first edge leads
 */
public record RankedEdges(List<EdgeView> edges, RoutingOutcome outcome) {

	static final RankedEdges NONE = new RankedEdges(List.of(), RoutingOutcome.NO_EDGE);

}
