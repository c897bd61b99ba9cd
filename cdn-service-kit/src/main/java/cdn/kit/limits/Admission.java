package cdn.kit.limits;

import java.time.Duration;

/**
 * What a limit answered for one request: go on, or not before {@code retryAfter}.
 *
 * @param allowed whether the request may go on
 * @param retryAfter when a refused key has a token again; zero when allowed
 */
public record Admission(boolean allowed, Duration retryAfter) {

	public static final Admission ALLOWED = new Admission(true, Duration.ZERO);

	static Admission refused(long nanosToWait) {
		return new Admission(false, Duration.ofNanos(nanosToWait));
	}

}
