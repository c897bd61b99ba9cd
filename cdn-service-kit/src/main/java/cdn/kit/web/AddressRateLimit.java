package cdn.kit.web;

import cdn.kit.limits.RateLimit;
import cdn.kit.limits.RateLimitedException;
import cdn.kit.limits.RateLimiter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * A {@link RateLimit} per client address ({@link ClientAddress}) on the requests of an
 * API: {@link #check} returns, or throws the {@link RateLimitedException} that
 * {@link ProblemHandler} answers with 429 and {@code Retry-After}.
 */
public final class AddressRateLimit {

	private final RateLimiter limiter;

	private final ClientAddress addresses;

	public AddressRateLimit(RateLimiter limiter, ClientAddress addresses) {
		this.limiter = limiter;
		this.addresses = addresses;
	}

	/**
	 * On the system's time, refusals counted in {@code metric} with
	 * {@code scope=address}.
	 */
	public static AddressRateLimit metered(String metric, RateLimit limit, int maxKeys, ClientAddress addresses,
			MeterRegistry registry) {
		return new AddressRateLimit(RateLimiter.metered(metric, "address", limit, maxKeys, registry), addresses);
	}

	/**
	 * Throws {@link RateLimitedException} when the request's address is over its rate.
	 */
	public void check(ServerHttpRequest request) {
		if (this.limiter.enabled()) {
			this.limiter.acquire(this.addresses.of(request));
		}
	}

	public RateLimit limit() {
		return this.limiter.limit();
	}

	@Override
	public String toString() {
		return "AddressRateLimit[" + this.limiter.limit() + ", " + this.addresses + "]";
	}

}
