package cdn.router.web;

import java.net.URI;
import java.util.List;

import cdn.kit.signedurl.SignedUrlGate;
import cdn.protocol.CatalogTrack;
import cdn.protocol.TrackId;
import cdn.protocol.routing.Route;
import cdn.protocol.routing.RouteEdge;
import cdn.router.edge.EdgeView;
import cdn.router.routing.RouteDecision;
import cdn.router.tokens.RouteTokens;

import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * {@code GET /v1/route} (ranked edges, tracker, signaling, and with {@code ?peer=} the
 * listener's token) and {@code GET /play/{trackId}} (302 to the best edge's master
 * playlist). Answers are never cached: health changes within seconds.
 */
@RestController
class RouteController {

	private final RouteDecisions decisions;

	private final RouteTokens tokens;

	private final SignedUrlGate signatures;

	RouteController(RouteDecisions decisions, RouteTokens tokens, SignedUrlGate signatures) {
		this.decisions = decisions;
		this.tokens = tokens;
		this.signatures = signatures;
	}

	/**
	 * @param peer the listener's peer id: the answer carries its listener token (when the
	 * router issues tokens)
	 */
	@GetMapping("/v1/route")
	ResponseEntity<Route> route(@RequestParam(required = false) String region,
			@RequestParam(required = false) String track, @RequestParam(required = false) String peer,
			ServerHttpRequest request) {
		TrackId trackId = (track != null) ? TrackId.of(track) : null;
		RouteDecision decision = this.decisions.decide(region, trackId, request);
		Route route = this.tokens.withToken(this.decisions.answer(decision, track), peer);
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(route);
	}

	/**
	 * The answer to {@code /v1/route}, here and in {@link RouteFastPath}: with a track
	 * and URL signing keys, it carries the signature of the track's URLs.
	 */
	static Route body(RouteDecision decision, String track, String tracker, String signaling,
			SignedUrlGate signatures) {
		List<RouteEdge> edges = decision.ranked()
			.edges()
			.stream()
			.map((edge) -> new RouteEdge(edge.url(), edge.region(), edge.healthy(), edge.load()))
			.toList();
		Route route = new Route(decision.region().region(), decision.region().hint(), track, edges, tracker, signaling);
		if (track == null || !signatures.signs()) {
			return route;
		}
		return route.withUrlSignature(signatures.signTrack(track), signatures.lifetime().toSeconds());
	}

	@GetMapping("/play/{trackId}")
	ResponseEntity<Void> play(@PathVariable String trackId, @RequestParam(required = false) String region,
			@RequestParam(required = false) String token, ServerHttpRequest request) {
		TrackId track = TrackId.of(trackId);
		RouteDecision decision = this.decisions.decide(region, track, request);
		EdgeView best = decision.ranked().edges().get(0);
		UriComponentsBuilder location = UriComponentsBuilder.fromUriString(best.url())
			.path(CatalogTrack.masterPath(track));
		if (token != null) {
			// access tokens travel with the request; they are never part of a cache key
			location.queryParam("token", "{token}");
		}
		URI uri = (token != null) ? location.encode().buildAndExpand(token).toUri() : location.build().toUri();
		String signature = this.signatures.signTrack(track.value());
		if (signature != null) {
			// the master playlist's; a player that follows its relative URIs must carry
			// it on
			// (the web player and the Java client do: README "Signed URLs")
			uri = URI.create(uri + ((uri.getRawQuery() == null) ? "?" : "&") + signature);
		}
		return ResponseEntity.status(HttpStatus.FOUND).location(uri).cacheControl(CacheControl.noStore()).build();
	}

}
