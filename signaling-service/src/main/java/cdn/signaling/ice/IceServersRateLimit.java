package cdn.signaling.ice;

import cdn.signaling.limits.AddressLimit;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * {@code /v1/ice-servers} per client address ({@link AddressLimit}): checked before the
 * controller's method runs, so a refused call costs no token check and no TURN
 * credential.
 */
@ControllerAdvice(assignableTypes = IceServersController.class)
class IceServersRateLimit {

	private final AddressLimit limit;

	IceServersRateLimit(AddressLimit limit) {
		this.limit = limit;
	}

	@ModelAttribute
	void limit(ServerHttpRequest request) {
		this.limit.check(request);
	}

}
