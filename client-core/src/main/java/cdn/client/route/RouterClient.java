package cdn.client.route;

import java.util.List;

import cdn.protocol.routing.Route;
import cdn.protocol.routing.RouteEdge;
import reactor.core.publisher.Mono;

/**
 * Where a listener should fetch from: the router's {@link Route} for its region and track
 * (HTTP today, see {@code HttpRouterClient}).
 */
public interface RouterClient {

	/**
	 * @param track the track the ranking is for, or {@code null} for none
	 */
	Mono<Route> route(String region, String track);

	/**
	 * The route for listener {@code peer}: it carries the peer's listener token when the
	 * router issues tokens.
	 * @param track the track the ranking is for, or {@code null} for none
	 */
	Mono<Route> route(String region, String track, String peer);

	/** The healthy edges of a route, best first, as base URLs. */
	static List<String> healthyEdges(Route route) {
		return route.edges().stream().filter(RouteEdge::healthy).map(RouteEdge::url).toList();
	}

}
