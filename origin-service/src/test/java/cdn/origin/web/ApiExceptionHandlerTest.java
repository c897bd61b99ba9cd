package cdn.origin.web;

import org.junit.jupiter.api.Test;
import reactor.netty.channel.AbortedException;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A client that went away gets nothing (which errors count as that:
 * {@code ClientAbortsTest}).
 */
class ApiExceptionHandlerTest {

	private final ApiExceptionHandler handler = new ApiExceptionHandler();

	@Test
	void aClientThatWentAwayGetsNothingAndAnythingElseUnexpectedABare500() {
		assertThat(this.handler.unexpected(new AbortedException("Connection has been closed BEFORE send operation"))
			.block()).isNull();
		ResponseEntity<ProblemDetail> answer = this.handler.unexpected(new IllegalStateException("secret internals"))
			.block();
		assertThat(answer.getStatusCode().value()).isEqualTo(500);
		assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(answer.getBody().getDetail()).isEqualTo("internal error");
	}

}
