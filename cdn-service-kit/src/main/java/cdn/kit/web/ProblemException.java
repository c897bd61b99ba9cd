package cdn.kit.web;

import java.time.Duration;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;

/**
 * A request that ends in an RFC 9457 problem: its status, a short reason that is safe to
 * show a client (written by us, never an exception's text) and any headers the answer
 * needs. {@link ProblemHandler} renders it as {@code application/problem+json}. Services
 * throw it through {@link Problems} or extend it for their own failure kinds. It is an
 * expected outcome, not a bug: it carries no stack trace.
 */
public class ProblemException extends RuntimeException {

	private final HttpStatusCode status;

	private final HttpHeaders headers = new HttpHeaders();

	public ProblemException(HttpStatusCode status, String detail) {
		super(detail, null, false, false);
		this.status = status;
	}

	public ProblemException(int status, String detail) {
		this(HttpStatusCode.valueOf(status), detail);
	}

	public HttpStatusCode statusCode() {
		return this.status;
	}

	/** The reason shown to the client. */
	public String detail() {
		return getMessage();
	}

	/** Headers the answer carries besides its content type. */
	public HttpHeaders headers() {
		return this.headers;
	}

	public ProblemException withHeader(String name, String value) {
		this.headers.set(name, value);
		return this;
	}

	/**
	 * Adds {@code Retry-After} in whole seconds, rounded up and at least one: a client is
	 * never told to come back before the time is up, nor at once.
	 */
	public ProblemException retryAfter(Duration retryAfter) {
		return withHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds(retryAfter)));
	}

	/** Whole seconds, rounded up, at least one. */
	public static long retryAfterSeconds(Duration retryAfter) {
		if (retryAfter.isNegative()) {
			return 1;
		}
		return Math.max(1, retryAfter.getSeconds() + ((retryAfter.getNano() > 0) ? 1 : 0));
	}

}
