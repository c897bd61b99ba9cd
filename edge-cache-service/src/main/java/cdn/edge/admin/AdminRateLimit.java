package cdn.edge.admin;

import cdn.kit.limits.RateLimit;
import cdn.kit.limits.RateLimitedException;
import cdn.kit.web.AddressRateLimit;
import cdn.kit.web.ClientAddress;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Every admin call, per client address ({@code edge.limits.admin-rate}): checked before
 * the {@link AdminController} method runs, so a refused call reads no body, checks no
 * token and warms nothing. A refusal is the kit's {@link RateLimitedException} (429 with
 * {@code Retry-After}), counted in {@code cdn.edge.rate.limited{scope=address}}. The
 * content paths (the controller and the Netty fast path) are not limited.
 */
@ControllerAdvice(assignableTypes = { AdminController.class, TakedownController.class })
class AdminRateLimit {

	private final AddressRateLimit byAddress;

	AdminRateLimit(AdminLimitsProperties limits, ClientAddress addresses, MeterRegistry registry) {
		this.byAddress = AddressRateLimit.metered("cdn.edge.rate.limited",
				new RateLimit(limits.adminRate(), limits.adminBurst()), limits.trackedKeys(), addresses, registry);
	}

	@ModelAttribute
	void limit(ServerHttpRequest request) {
		this.byAddress.check(request);
	}

}
