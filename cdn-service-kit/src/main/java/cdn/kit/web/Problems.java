package cdn.kit.web;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/**
 * The problems services answer on purpose, each with a short reason written for the
 * client; rendered as {@code application/problem+json} by {@link ProblemHandler}.
 */
public final class Problems {

	private Problems() {
	}

	public static ProblemException of(HttpStatusCode status, String detail) {
		return new ProblemException(status, detail);
	}

	public static ProblemException badRequest(String detail) {
		return of(HttpStatus.BAD_REQUEST, detail);
	}

	/** 401 with {@code WWW-Authenticate: Bearer}. */
	public static ProblemException unauthorized(String detail) {
		return of(HttpStatus.UNAUTHORIZED, detail).withHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
	}

	/**
	 * 401 for a bearer token that was presented and refused (bad, expired, for another
	 * service): {@code WWW-Authenticate: Bearer error="invalid_token"} (RFC 6750, 3.1).
	 */
	public static ProblemException invalidToken(String detail) {
		return unauthorized(detail).withHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer error=\"invalid_token\"");
	}

	public static ProblemException forbidden(String detail) {
		return of(HttpStatus.FORBIDDEN, detail);
	}

	public static ProblemException notFound(String detail) {
		return of(HttpStatus.NOT_FOUND, detail);
	}

	public static ProblemException contentTooLarge(String detail) {
		return of(HttpStatus.CONTENT_TOO_LARGE, detail);
	}

	/** 429 with {@code Retry-After} (see {@link ProblemException#retryAfter}). */
	public static ProblemException tooManyRequests(String detail, Duration retryAfter) {
		return of(HttpStatus.TOO_MANY_REQUESTS, detail).retryAfter(retryAfter);
	}

	/** 503 with {@code Retry-After} (see {@link ProblemException#retryAfter}). */
	public static ProblemException serviceUnavailable(String detail, Duration retryAfter) {
		return of(HttpStatus.SERVICE_UNAVAILABLE, detail).retryAfter(retryAfter);
	}

}
