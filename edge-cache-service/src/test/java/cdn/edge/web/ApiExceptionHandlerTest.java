package cdn.edge.web;

import java.io.IOException;

import org.junit.jupiter.api.Test;
import reactor.netty.channel.AbortedException;

import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

import static org.assertj.core.api.Assertions.assertThat;

class ApiExceptionHandlerTest {

	private final ApiExceptionHandler handler = new ApiExceptionHandler();

	@Test
	void aClientThatWentAwayGetsNothingAndIsNoError() {
		assertThat(this.handler.unexpected(new AbortedException("Connection has been closed BEFORE send operation"))
			.block()).isNull();
		assertThat(this.handler.unexpected(new IOException("Connection reset by peer")).block()).isNull();
		assertThat(this.handler.unexpected(new IOException("Broken pipe")).block()).isNull();
	}

	@Test
	void anythingElseUnexpectedIsABare500Problem() {
		assertThat(this.handler.unexpected(new IOException()).block()).isNotNull();
		ResponseEntity<ProblemDetail> answer = this.handler.unexpected(new IllegalStateException("secret internals"))
			.block();
		assertThat(answer).isNotNull();
		assertThat(answer.getStatusCode().value()).isEqualTo(500);
		assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
		assertThat(answer.getBody().getDetail()).isEqualTo("internal error");
	}

}
