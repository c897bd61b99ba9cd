package cdn.edge.web;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * The edge's client errors, each an RFC 9457 problem with a short reason; rendered as
 * {@code application/problem+json} by {@link ApiExceptionHandler}.
 */
public final class Problems {

	private Problems() {
	}

	public static ErrorResponseException of(HttpStatus status, String detail) {
		return new ErrorResponseException(status, ProblemDetail.forStatusAndDetail(status, detail), null);
	}

	public static ErrorResponseException notFound(String detail) {
		return of(HttpStatus.NOT_FOUND, detail);
	}

	public static ErrorResponseException badRequest(String detail) {
		return of(HttpStatus.BAD_REQUEST, detail);
	}

	public static ErrorResponseException unauthorized(String detail) {
		ErrorResponseException problem = of(HttpStatus.UNAUTHORIZED, detail);
		problem.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		return problem;
	}

}
