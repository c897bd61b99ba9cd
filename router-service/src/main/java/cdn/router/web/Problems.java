package cdn.router.web;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The router's own problems, each an RFC 9457 problem with a short reason; rendered as
 * {@code application/problem+json} by {@link ApiExceptionHandler}. The only server error
 * the router answers on purpose is {@link #serviceUnavailable}: no healthy edge.
 */
public final class Problems {

	private Problems() {
	}

	public static ErrorResponseException of(HttpStatus status, String detail) {
		return new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), null);
	}

	public static ErrorResponseException serviceUnavailable(String detail, Duration retryAfter) {
		ErrorResponseException problem = of(HttpStatus.SERVICE_UNAVAILABLE, detail);
		problem.getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter.toSeconds()));
		return problem;
	}

}
