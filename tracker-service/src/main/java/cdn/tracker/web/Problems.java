package cdn.tracker.web;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The tracker's client-facing errors, each an RFC 9457 problem with a short reason;
 * rendered as {@code application/problem+json} by {@link ApiExceptionHandler}.
 */
public final class Problems {

	private Problems() {
	}

	public static ErrorResponseException of(HttpStatus status, String detail) {
		return new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), null);
	}

	public static ErrorResponseException badRequest(String detail) {
		return of(HttpStatus.BAD_REQUEST, detail);
	}

	public static ErrorResponseException notFound(String detail) {
		return of(HttpStatus.NOT_FOUND, detail);
	}

	public static ErrorResponseException forbidden(String detail) {
		return of(HttpStatus.FORBIDDEN, detail);
	}

	public static ErrorResponseException tooManyRequests(String detail, Duration retryAfter) {
		return withRetryAfter(of(HttpStatus.TOO_MANY_REQUESTS, detail), retryAfter);
	}

	public static ErrorResponseException serviceUnavailable(String detail, Duration retryAfter) {
		return withRetryAfter(of(HttpStatus.SERVICE_UNAVAILABLE, detail), retryAfter);
	}

	private static ErrorResponseException withRetryAfter(ErrorResponseException problem, Duration retryAfter) {
		// whole seconds, rounded up, at least one
		long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
		problem.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
		return problem;
	}

}
