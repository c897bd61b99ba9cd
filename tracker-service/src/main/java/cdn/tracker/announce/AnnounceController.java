package cdn.tracker.announce;

import java.time.Clock;
import java.time.Duration;
import java.util.random.RandomGenerator;

import cdn.kit.web.ProblemException;
import cdn.kit.web.Problems;
import cdn.protocol.tracker.AnnounceEvent;
import cdn.protocol.tracker.AnnounceRequest;
import cdn.protocol.tracker.AnnounceResponse;
import cdn.tracker.config.TrackerProperties;
import cdn.kit.security.ListenerClaims;
import cdn.tracker.limits.PeerApiLimits;
import cdn.tracker.sharing.P2pSwitches;
import cdn.tracker.sharing.SharingPolicy;
import cdn.tracker.store.HolderGroup;
import cdn.tracker.store.AnnounceResult;
import cdn.tracker.store.Announcement;
import cdn.tracker.store.PeerStore;
import cdn.tracker.tokens.ListenerAuth;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v1/announce}: validates, stores, and answers when to announce again. A
 * store that fails or is slow gives 503 with {@code Retry-After}; the peer keeps serving
 * and announces again later. Over the address's or the peer's rate
 * ({@link PeerApiLimits}) it is 429 before the store is touched; a {@code stopped}
 * announce is never refused for its peer's rate.
 */
@RestController
class AnnounceController {

	private static final Logger log = LoggerFactory.getLogger(AnnounceController.class);

	private final PeerStore store;

	private final Clock clock;

	private final AnnounceParser parser;

	private final AnnounceInterval interval;

	private final Duration storeTimeout;

	private final Duration retryAfterUnavailable;

	private final int maxHave;

	private final ListenerAuth auth;

	private final PeerApiLimits limits;

	private final SharingPolicy sharing;

	private final P2pSwitches switches;

	AnnounceController(PeerStore store, Clock clock, TrackerProperties properties, RandomGenerator random,
			ListenerAuth auth, PeerApiLimits limits, SharingPolicy sharing, P2pSwitches switches) {
		this.store = store;
		this.sharing = sharing;
		this.switches = switches;
		this.auth = auth;
		this.limits = limits;
		this.clock = clock;
		this.parser = new AnnounceParser(properties.limits());
		this.interval = new AnnounceInterval(properties.announce().interval(), properties.announce().jitter(), random);
		this.storeTimeout = properties.redis().timeout();
		this.retryAfterUnavailable = properties.announce().interval();
		this.maxHave = properties.limits().maxHave();
	}

	@PostMapping("/v1/announce")
	Mono<AnnounceResponse> announce(@RequestBody AnnounceRequest request, ServerHttpRequest http) {
		this.limits.checkAddress(http);
		ListenerClaims claims = this.auth.check(http, request.peerId());
		Announcement announcement = this.parser.parse(request);
		if (announcement.event() != AnnounceEvent.STOPPED) {
			// leaving is never refused: it frees what the peer holds
			this.limits.checkPeer(announcement.peerId().value());
			announcement = announcement
				.inGroup(this.sharing.group(claims, announcement.group().region(), announcement.trackId().value()));
			HolderGroup group = announcement.group();
			if (!this.switches.on(group.tenant(), group.region(), announcement.trackId().value(),
					announcement.peerId().value(), announcement.endpoint())) {
				// switched off: nobody is handed its holdings, and it is told to stop
				// sharing
				return this.store.remove(announcement.peerId()).timeout(this.storeTimeout).onErrorMap((ex) -> {
					log.debug("Peer store failed to drop a switched-off peer", ex);
					return Problems.serviceUnavailable("peer store unavailable", this.retryAfterUnavailable);
				}).thenReturn(new AnnounceResponse(this.interval.next(), Boolean.FALSE));
			}
		}
		return this.store.announce(announcement, this.clock.instant())
			.timeout(this.storeTimeout)
			.onErrorMap((ex) -> !(ex instanceof ProblemException), (ex) -> {
				log.debug("Peer store failed an announce", ex);
				return Problems.serviceUnavailable("peer store unavailable", this.retryAfterUnavailable);
			})
			.map(this::answer);
	}

	private AnnounceResponse answer(AnnounceResult result) {
		return switch (result.outcome()) {
			case ACCEPTED -> new AnnounceResponse(this.interval.next());
			case RATE_LIMITED -> throw Problems.tooManyRequests("announcing too often", result.retryAfter());
			case HOLDINGS_FULL ->
				throw Problems.badRequest("a peer holds at most " + this.maxHave + " segments; announce removed ones");
			case TOO_MANY_REGIONS -> throw Problems.badRequest("too many distinct regions");
			case TRACKER_FULL -> throw Problems.serviceUnavailable("tracker is full", this.retryAfterUnavailable);
			case TAKEN_DOWN -> new AnnounceResponse(this.interval.next(), Boolean.FALSE, Boolean.TRUE);
		};
	}

}
