package cdn.kit.limits;

import java.time.Duration;

/**
 * A request refused by a {@link RateLimiter}: the kit's {@code ProblemHandler} answers it
 * with {@code 429 Too Many Requests}, {@code Retry-After} in whole seconds (rounded up,
 * at least 1) and the message as the problem's {@code detail}. Like the kit's
 * {@code ProblemException} it carries no stack trace: a flood of refusals should not cost
 * one stack walk each.
 */
public final class RateLimitedException extends RuntimeException {

	private final String scope;

	private final Duration retryAfter;

	/**
	 * @param scope what the limit counts, in the message: {@code peer}, {@code address}
	 * @param retryAfter when the key has a token again
	 */
	public RateLimitedException(String scope, Duration retryAfter) {
		super("too many requests from this " + scope, null, false, false);
		this.scope = scope;
		this.retryAfter = retryAfter;
	}

	public String scope() {
		return this.scope;
	}

	public Duration retryAfter() {
		return this.retryAfter;
	}

}
