package cdn.router.web;

import java.net.InetAddress;
import java.time.Duration;

import cdn.kit.signedurl.SignedUrlGate;
import cdn.kit.web.Problems;
import cdn.protocol.TrackId;
import cdn.protocol.routing.Route;
import cdn.router.config.RouterProperties;
import cdn.router.routing.EdgeRouter;
import cdn.router.routing.RegionResolver;
import cdn.router.routing.RouteDecision;
import cdn.router.takedown.TakenDownTracks;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

/**
 * The route of one request (its region from the query, the region header or the client's
 * address) and its answer, for {@code /v1/route}, {@code /play/{trackId}} and the listen
 * page, which carries it so that a browser does not have to ask.
 */
@Component
class RouteDecisions {

	private final EdgeRouter router;

	private final String tracker;

	private final String signaling;

	private final Duration retryAfter;

	private final SignedUrlGate signatures;

	private final TakenDownTracks takenDown;

	RouteDecisions(EdgeRouter router, RouterProperties properties, SignedUrlGate signatures,
			TakenDownTracks takenDown) {
		this.signatures = signatures;
		this.takenDown = takenDown;
		this.router = router;
		this.tracker = properties.tracker().toString();
		this.signaling = properties.signaling().toString();
		// an edge that comes back needs this long to be routed to again (Retry-After: the
		// kit rounds it up to whole seconds)
		this.retryAfter = properties.health().interval().multipliedBy(properties.health().successesToUp());
	}

	/** The decision, which names at least one edge; else a 503 problem. */
	RouteDecision decide(String region, TrackId track, ServerHttpRequest request) {
		RouteDecision decision = decideOrNone(region, track, request);
		if (!decision.hasEdge()) {
			throw Problems.serviceUnavailable("no healthy edge", this.retryAfter);
		}
		return decision;
	}

	/**
	 * The decision, which may name no edge; a 410 problem for a track taken down (no
	 * route, no signature for it).
	 */
	RouteDecision decideOrNone(String region, TrackId track, ServerHttpRequest request) {
		this.takenDown.requireRoutable(track);
		HttpHeaders headers = request.getHeaders();
		InetAddress client = this.router.clientAddress(request.getRemoteAddress(), headers.getFirst("X-Forwarded-For"));
		return this.router.route(region, headers.getFirst(RegionResolver.HEADER), client, track);
	}

	/** The answer to {@code /v1/route}. */
	Route answer(RouteDecision decision, String track) {
		return RouteController.body(decision, track, this.tracker, this.signaling, this.signatures);
	}

}
