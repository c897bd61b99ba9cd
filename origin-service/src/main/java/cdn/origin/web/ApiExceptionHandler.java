package cdn.origin.web;

import cdn.protocol.InvalidIdException;
import cdn.kit.netty.ClientAborts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error leaves as {@code application/problem+json}: framework errors (404, 405,
 * 415, bad requests) through the base class, ours through {@link Problems}, and anything
 * unexpected as a bare 500 without internals.
 */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

	private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

	@ExceptionHandler(InvalidIdException.class)
	ResponseEntity<ProblemDetail> invalidId(InvalidIdException ex) {
		return problem(HttpStatus.BAD_REQUEST, ex.getMessage());
	}

	/**
	 * A body that is not what its Content-Type says, e.g. a multipart without boundary.
	 */
	@ExceptionHandler(DecodingException.class)
	ResponseEntity<ProblemDetail> undecodable(DecodingException ex) {
		return problem(HttpStatus.BAD_REQUEST, "malformed request body: " + ex.getMessage());
	}

	@ExceptionHandler(DataBufferLimitException.class)
	ResponseEntity<ProblemDetail> tooLarge(DataBufferLimitException ex) {
		return problem(HttpStatus.CONTENT_TOO_LARGE, "upload exceeds the size limit");
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
		return Mono.just(problem(HttpStatus.INTERNAL_SERVER_ERROR, "internal error"));
	}

	static ResponseEntity<ProblemDetail> problem(HttpStatus status, String detail) {
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(ProblemDetail.forStatusAndDetail(status, detail));
	}

}
