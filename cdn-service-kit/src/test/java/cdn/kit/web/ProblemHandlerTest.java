package cdn.kit.web;

import java.time.Duration;

import cdn.kit.limits.RateLimitedException;
import cdn.kit.security.TokenRejectedException;
import cdn.protocol.InvalidIdException;
import org.junit.jupiter.api.Test;
import reactor.netty.channel.AbortedException;

import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.server.ContentTooLargeException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one mapping of errors to problems (which errors count as a client that went away:
 * {@code ClientAbortsTest}; the framework's own errors over HTTP: {@link WebKitIT}).
 */
class ProblemHandlerTest {

	private final ProblemHandler handler = new ProblemHandler();

	@Test
	void aProblemLeavesWithItsStatusReasonAndHeaders() {
		ResponseEntity<ProblemDetail> answer = this.handler
			.problem(Problems.unauthorized("admin bearer token required"));
		assertProblem(answer, 401, "admin bearer token required");
		assertThat(answer.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Bearer");
		assertProblem(this.handler.problem(Problems.notFound("unknown peer")), 404, "unknown peer");
		assertProblem(this.handler.problem(new ProblemException(502, "upstream failed")), 502, "upstream failed");
	}

	@Test
	void aRefusedTokenIsChallengedAsInvalidAMissingOneAsMissingAnotherPeersIsForbidden() {
		ResponseEntity<ProblemDetail> missing = this.handler
			.tokenRejected(new TokenRejectedException(TokenRejectedException.Reason.MISSING));
		assertProblem(missing, 401, "bearer token required");
		assertThat(missing.getHeaders().get(HttpHeaders.WWW_AUTHENTICATE)).containsExactly("Bearer");
		ResponseEntity<ProblemDetail> expired = this.handler
			.tokenRejected(new TokenRejectedException(TokenRejectedException.Reason.EXPIRED));
		assertProblem(expired, 401, "token has expired");
		assertThat(expired.getHeaders().get(HttpHeaders.WWW_AUTHENTICATE))
			.containsExactly("Bearer error=\"invalid_token\"");
		ResponseEntity<ProblemDetail> foreign = this.handler
			.tokenRejected(new TokenRejectedException(TokenRejectedException.Reason.WRONG_SUBJECT));
		assertProblem(foreign, 403, "token is for another peer");
		assertThat(foreign.getHeaders().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isNull();
	}

	@Test
	void retryAfterIsWholeSecondsRoundedUpAndAtLeastOne() {
		assertThat(retryAfter(Duration.ofMillis(1500))).isEqualTo("2");
		assertThat(retryAfter(Duration.ofMillis(2000))).isEqualTo("2");
		assertThat(retryAfter(Duration.ofMillis(2001))).isEqualTo("3");
		assertThat(retryAfter(Duration.ofMillis(300))).isEqualTo("1");
		assertThat(retryAfter(Duration.ZERO)).isEqualTo("1");
		assertThat(retryAfter(Duration.ofSeconds(-5))).isEqualTo("1");
		ResponseEntity<ProblemDetail> limited = this.handler
			.problem(Problems.tooManyRequests("announcing too often", Duration.ofMillis(400)));
		assertProblem(limited, 429, "announcing too often");
		assertThat(limited.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
	}

	@Test
	void aRateLimitRefusalIs429WithRetryAfterInWholeSeconds() {
		ResponseEntity<ProblemDetail> answer = this.handler
			.rateLimited(new RateLimitedException("peer", Duration.ofMillis(2100)));
		assertProblem(answer, 429, "too many requests from this peer");
		assertThat(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("3");
		assertThat(this.handler.rateLimited(new RateLimitedException("address", Duration.ofNanos(1)))
			.getHeaders()
			.getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
	}

	@Test
	void invalidIdsAre400WithTheirOwnReason() {
		assertProblem(this.handler.invalidId(new InvalidIdException("track id must match [a-z0-9-]")), 400,
				"track id must match [a-z0-9-]");
	}

	@Test
	void noExceptionTextReachesTheClient() {
		assertProblem(this.handler.undecodable(new DecodingException("secret: boundary missing at byte 12")), 400,
				"malformed request body");
		assertProblem(this.handler.tooLarge(new DataBufferLimitException("Exceeded limit on max bytes 65536")), 413,
				"request body exceeds the size limit");
		assertProblem(this.handler.tooLarge(new ContentTooLargeException(new IllegalStateException("secret"))), 413,
				"request body exceeds the size limit");
		assertProblem(this.handler.unexpected(new IllegalStateException("secret internals")).block(), 500,
				"internal error");
	}

	@Test
	void aClientThatWentAwayGetsNothing() {
		assertThat(this.handler.unexpected(new AbortedException("Connection has been closed BEFORE send operation"))
			.block()).isNull();
	}

	private String retryAfter(Duration duration) {
		return this.handler.problem(Problems.serviceUnavailable("busy", duration))
			.getHeaders()
			.getFirst(HttpHeaders.RETRY_AFTER);
	}

	private static void assertProblem(ResponseEntity<ProblemDetail> answer, int status, String detail) {
		assertThat(answer.getStatusCode().value()).isEqualTo(status);
		assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(answer.getBody().getStatus()).isEqualTo(status);
		assertThat(answer.getBody().getTitle()).isEqualTo(HttpStatus.valueOf(status).getReasonPhrase());
		assertThat(answer.getBody().getDetail()).isEqualTo(detail);
	}

}
