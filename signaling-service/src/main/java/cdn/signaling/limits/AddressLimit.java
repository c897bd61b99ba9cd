package cdn.signaling.limits;

import cdn.kit.limits.RateLimit;
import cdn.kit.limits.RateLimitedException;
import cdn.kit.web.AddressRateLimit;
import cdn.kit.web.ClientAddress;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

/**
 * How often one client address may open a signaling connection (the handshake, refused
 * before the upgrade) or ask for ICE servers: {@code signaling.limits.address-rate}. A
 * refusal is the kit's {@link RateLimitedException} (429 with {@code Retry-After}),
 * counted in {@code cdn.signaling.rate.limited{scope=address}}.
 */
@Component
public class AddressLimit {

	private static final Logger log = LoggerFactory.getLogger(AddressLimit.class);

	private final AddressRateLimit byAddress;

	AddressLimit(SignalingLimitsProperties limits, ClientAddress addresses, MeterRegistry registry) {
		this.byAddress = AddressRateLimit.metered("cdn.signaling.rate.limited",
				new RateLimit(limits.addressRate(), limits.addressBurst()), limits.trackedKeys(), addresses, registry);
		log.info("Handshakes and ICE server calls per address: {}", this.byAddress.limit());
	}

	/**
	 * Throws {@link RateLimitedException} when the request's address is over its rate.
	 */
	public void check(ServerHttpRequest request) {
		this.byAddress.check(request);
	}

}
