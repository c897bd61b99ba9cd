package cdn.kit.web;

import cdn.kit.limits.RateLimitedException;
import cdn.kit.netty.ClientAborts;
import cdn.kit.security.TokenRejectedException;
import cdn.protocol.InvalidIdException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ContentTooLargeException;
import org.springframework.web.server.PayloadTooLargeException;

/**
 * The one place that decides how an error leaves a service: always as
 * {@code application/problem+json}, and never with an exception's text.
 * <ul>
 * <li>{@link ProblemException} (and so everything from {@link Problems} and a service's
 * own subclasses): its status, reason and headers;</li>
 * <li>{@link InvalidIdException}: 400 with the id's reason (written by us);</li>
 * <li>{@link TokenRejectedException}: 401 with {@code WWW-Authenticate: Bearer} when no
 * token came, {@code Bearer error="invalid_token"} when one came and was refused, or 403
 * for another peer's token, with the token's reason;</li>
 * <li>{@link RateLimitedException}: 429 with {@code Retry-After} and the limit's
 * reason;</li>
 * <li>a body over the limit (a codec's {@code spring.http.codecs.max-in-memory-size}, a
 * multipart limit): 413;</li>
 * <li>a body that is not what its Content-Type says: 400;</li>
 * <li>framework errors (404, 405, 406, 415, unreadable or mistyped input): through the
 * base class, with Spring's own short reasons;</li>
 * <li>a client that went away: nothing; anything else: a bare 500, logged.</li>
 * </ul>
 * Registered by {@link WebKitAutoConfiguration} in every reactive web application that
 * has the kit.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

	@ExceptionHandler(ProblemException.class)
	ResponseEntity<ProblemDetail> problem(ProblemException ex) {
		return problem(ex.statusCode(), ex.detail(), ex.headers());
	}

	@ExceptionHandler(InvalidIdException.class)
	ResponseEntity<ProblemDetail> invalidId(InvalidIdException ex) {
		return problem(HttpStatus.BAD_REQUEST, ex.getMessage(), HttpHeaders.EMPTY);
	}

	@ExceptionHandler(TokenRejectedException.class)
	ResponseEntity<ProblemDetail> tokenRejected(TokenRejectedException ex) {
		String reason = ex.reason().message();
		ProblemException problem = (ex.status() == 403) ? Problems.forbidden(reason)
				: (ex.reason() == TokenRejectedException.Reason.MISSING) ? Problems.unauthorized(reason)
						: Problems.invalidToken(reason);
		return problem(problem);
	}

	@ExceptionHandler(RateLimitedException.class)
	ResponseEntity<ProblemDetail> rateLimited(RateLimitedException ex) {
		return problem(Problems.tooManyRequests(ex.getMessage(), ex.retryAfter()));
	}

	/**
	 * A body that is not what its Content-Type says, e.g. a multipart without boundary.
	 */
	@ExceptionHandler(DecodingException.class)
	ResponseEntity<ProblemDetail> undecodable(DecodingException ex) {
		return problem(HttpStatus.BAD_REQUEST, "malformed request body", HttpHeaders.EMPTY);
	}

	@SuppressWarnings("deprecation") // PayloadTooLargeException: the name before Spring
										// Framework 7
	@ExceptionHandler({ DataBufferLimitException.class, ContentTooLargeException.class,
			PayloadTooLargeException.class })
	ResponseEntity<ProblemDetail> tooLarge(Exception ex) {
		return problem(HttpStatus.CONTENT_TOO_LARGE, "request body exceeds the size limit", HttpHeaders.EMPTY);
	}

	/**
	 * A client that went away before its answer was written (players abort downloads when
	 * they seek or switch renditions, load tools when they stop) gets nothing and is not
	 * an error of ours: no 500, no stack trace in the log.
	 */
	@ExceptionHandler(Exception.class)
	Mono<ResponseEntity<ProblemDetail>> unexpected(Exception ex) {
		if (ClientAborts.clientWentAway(ex)) {
			log.debug("Client went away before its answer: {}", ex.toString());
			return Mono.empty();
		}
		log.error("Unexpected error", ex);
		return Mono.just(problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal error", HttpHeaders.EMPTY));
	}

	private static ResponseEntity<ProblemDetail> problem(HttpStatusCode status, String detail, HttpHeaders headers) {
		return ResponseEntity.status(status)
			.headers(headers)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(ProblemDetail.forStatusAndDetail(status, detail));
	}

}
