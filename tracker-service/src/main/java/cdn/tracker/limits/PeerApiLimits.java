package cdn.tracker.limits;

import cdn.kit.limits.RateLimit;
import cdn.kit.limits.RateLimitedException;
import cdn.kit.limits.RateLimiter;
import cdn.kit.web.AddressRateLimit;
import cdn.kit.web.ClientAddress;
import cdn.tracker.config.TrackerProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

/**
 * How often one client may call the peer API: per address on every call (before the token
 * is checked, so a flood of forged tokens costs no signature check), per peer id on
 * announces, lookups and reports (after the token check: only the peer itself spends its
 * budget). A refusal is the kit's {@link RateLimitedException} (429 with
 * {@code Retry-After}), counted in {@code cdn.tracker.rate.limited} by {@code scope}. The
 * budgets are this replica's: behind a load balancer each replica grants its own.
 */
@Component
public class PeerApiLimits {

	private static final Logger log = LoggerFactory.getLogger(PeerApiLimits.class);

	static final String METRIC = "cdn.tracker.rate.limited";

	private final AddressRateLimit byAddress;

	private final RateLimiter byPeer;

	PeerApiLimits(TrackerProperties properties, ClientAddress addresses, MeterRegistry registry) {
		TrackerProperties.Limits limits = properties.limits();
		this.byAddress = AddressRateLimit.metered(METRIC, new RateLimit(limits.addressRate(), limits.addressBurst()),
				limits.trackedKeys(), addresses, registry);
		this.byPeer = RateLimiter.metered(METRIC, "peer", new RateLimit(limits.peerRate(), limits.peerBurst()),
				limits.trackedKeys(), registry);
		log.info("Peer API limits: per address {}, per peer {}", this.byAddress.limit(), this.byPeer.limit());
	}

	/**
	 * Throws {@link RateLimitedException} when the request's address is over its rate.
	 */
	public void checkAddress(ServerHttpRequest request) {
		this.byAddress.check(request);
	}

	/**
	 * Throws {@link RateLimitedException} when the peer is over its rate; a request that
	 * names no peer ({@code null}) passes. Call it with a validated id.
	 */
	public void checkPeer(String peerId) {
		if (peerId != null) {
			this.byPeer.acquire(peerId);
		}
	}

}
