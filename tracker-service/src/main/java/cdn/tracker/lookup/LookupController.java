package cdn.tracker.lookup;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import cdn.protocol.InvalidIdException;
import cdn.protocol.PeerId;
import cdn.protocol.Region;
import cdn.protocol.SegmentId;
import cdn.protocol.tracker.PeerEntry;
import cdn.protocol.tracker.PeerLookupRequest;
import cdn.protocol.tracker.PeerLookupResponse;
import cdn.protocol.tracker.SegmentPeers;
import cdn.tracker.config.TrackerProperties;
import cdn.kit.security.ListenerClaims;
import cdn.tracker.limits.PeerApiLimits;
import cdn.tracker.sharing.P2pSwitches;
import cdn.tracker.sharing.SharingPolicy;
import cdn.tracker.store.HolderGroup;
import cdn.tracker.tokens.ListenerAuth;
import cdn.tracker.web.TrackerRequestMetrics;
import reactor.core.publisher.Mono;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * The two lookup forms. The single form carries the segment's availability in
 * {@value #AVAILABILITY} (its body is the seed's plain array); the batched form carries
 * it per segment in the body.
 */
@RestController
class LookupController {

	static final String AVAILABILITY = "X-Availability";

	/** {@code off} on a single-form answer when P2P is switched off for the requester. */
	static final String P2P = "X-P2p";

	private final PeerLookup lookup;

	private final TrackerProperties.Limits limits;

	private final int maxClaims;

	private final ListenerAuth auth;

	private final PeerApiLimits rates;

	private final SharingPolicy sharing;

	private final P2pSwitches switches;

	LookupController(PeerLookup lookup, TrackerProperties properties, ListenerAuth auth, PeerApiLimits rates,
			SharingPolicy sharing, P2pSwitches switches) {
		this.lookup = lookup;
		this.sharing = sharing;
		this.switches = switches;
		this.auth = auth;
		this.rates = rates;
		this.limits = properties.limits();
		this.maxClaims = properties.lookup().maxClaims();
	}

	@GetMapping("/v1/peers")
	Mono<ResponseEntity<List<PeerEntry>>> peers(@RequestParam(required = false) String segment,
			@RequestParam(required = false) String region, @RequestParam(required = false) String count,
			@RequestParam(required = false) String exclude, ServerWebExchange exchange) {
		this.rates.checkAddress(exchange.getRequest());
		// a listener excludes itself: it asks as that peer
		ListenerClaims claims = this.auth.check(exchange.getRequest(), exclude);
		SegmentId id = SegmentId.of(required(segment, "segment"));
		HolderGroup.Viewer viewer = this.sharing.viewer(claims, Region.of(required(region, "region")).value());
		int n = count(parseCount(count));
		String excluded = excluded(exclude);
		this.rates.checkPeer(excluded);
		if (!this.switches.on(viewer.tenant(), viewer.region(), null, excluded)) {
			return Mono.just(ResponseEntity.ok().header(AVAILABILITY, "0").header(P2P, "off").body(List.of()));
		}
		return this.lookup.lookup(List.of(id), viewer, n, excluded).map((result) -> {
			markDegraded(exchange, result);
			var peers = result.segments().get(0);
			return ResponseEntity.ok().header(AVAILABILITY, Long.toString(peers.availability())).body(peers.peers());
		});
	}

	@PostMapping("/v1/peers/lookup")
	Mono<PeerLookupResponse> lookup(@RequestBody PeerLookupRequest request, ServerWebExchange exchange) {
		this.rates.checkAddress(exchange.getRequest());
		// a listener excludes itself, and claims as itself
		ListenerClaims claims = this.auth.check(exchange.getRequest(), request.exclude());
		List<String> ids = required(request.segments(), "segments");
		if (ids.isEmpty()) {
			throw new InvalidIdException("segments must not be empty");
		}
		if (ids.size() > this.limits.maxLookupSegments()) {
			throw new InvalidIdException("segments holds more than " + this.limits.maxLookupSegments() + " ids");
		}
		Set<SegmentId> segments = new LinkedHashSet<>();
		for (String id : ids) {
			segments.add(SegmentId.of(id));
		}
		HolderGroup.Viewer viewer = this.sharing.viewer(claims,
				Region.of(required(request.region(), "region")).value());
		int n = count(request.count());
		String excluded = excluded(request.exclude());
		this.rates.checkPeer(excluded);
		if (!this.switches.on(viewer.tenant(), viewer.region(), null, excluded)) {
			// switched off: no peer, no claim (every listener loads from the edge)
			return Mono.just(new PeerLookupResponse(
					segments.stream().map((segment) -> new SegmentPeers(segment.value(), 0, List.of())).toList(),
					Boolean.FALSE));
		}
		Mono<PeerLookup.Result> answer;
		if (request.claim() == null) {
			answer = this.lookup.lookup(new ArrayList<>(segments), viewer, n, excluded);
		}
		else {
			if (excluded == null) {
				throw new InvalidIdException("exclude (the requester's peer id) is required with claim");
			}
			answer = this.lookup.lookupAndClaim(new ArrayList<>(segments), viewer, n, excluded,
					offered(request.claim(), segments), claimMax(request.claimMax()));
		}
		return answer.map((result) -> {
			markDegraded(exchange, result);
			return new PeerLookupResponse(result.segments(), null, result.degraded() ? Boolean.TRUE : null);
		});
	}

	private static void markDegraded(ServerWebExchange exchange, PeerLookup.Result result) {
		if (result.degraded()) {
			exchange.getAttributes().put(TrackerRequestMetrics.DEGRADED, Boolean.TRUE);
		}
	}

	private static List<SegmentId> offered(List<String> claim, Set<SegmentId> segments) {
		if (claim.size() > segments.size()) {
			throw new InvalidIdException("claim names more ids than segments");
		}
		Set<SegmentId> offered = new LinkedHashSet<>();
		for (String id : claim) {
			SegmentId segment = SegmentId.of(required(id, "claim"));
			if (!segments.contains(segment)) {
				throw new InvalidIdException("claim names a segment that segments does not");
			}
			offered.add(segment);
		}
		return new ArrayList<>(offered);
	}

	/** Absent: one; out of range: clamped to 0..max-claims. */
	private int claimMax(Integer claimMax) {
		if (claimMax == null) {
			return 1;
		}
		return Math.max(0, Math.min(claimMax, this.maxClaims));
	}

	private static Integer parseCount(String count) {
		if (count == null) {
			return null;
		}
		try {
			return Integer.valueOf(count);
		}
		catch (NumberFormatException ex) {
			throw new InvalidIdException("count must be an integer");
		}
	}

	/** Absent: the default; out of range: clamped to 1..max. */
	private int count(Integer count) {
		if (count == null) {
			return this.limits.defaultCount();
		}
		return Math.max(1, Math.min(count, this.limits.maxCount()));
	}

	private static String excluded(String exclude) {
		return (exclude != null) ? PeerId.of(exclude).value() : null;
	}

	private static <T> T required(T value, String field) {
		if (value == null) {
			throw new InvalidIdException(field + " is required");
		}
		return value;
	}

}
