package cdn.kit.web;

import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class AdminAuthTest {

	private final AdminAuth auth = new AdminAuth("s3cret", "admin API");

	@Test
	void theRightTokenPasses() {
		assertThatNoException().isThrownBy(() -> this.auth.check(request("Bearer s3cret")));
		assertThatNoException().isThrownBy(() -> this.auth.check(request("bearer  s3cret ")));
	}

	@Test
	void aMissingTokenIs401WithABearerChallenge() {
		for (String header : new String[] { null, "Basic czNjcmV0", "s3cret" }) {
			ProblemException problem = refusal(this.auth, header);
			assertThat(problem.statusCode().value()).isEqualTo(401);
			assertThat(problem.detail()).isEqualTo("admin bearer token required");
			assertThat(problem.headers().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Bearer");
		}
	}

	@Test
	void aWrongTokenIs403() {
		for (String header : new String[] { "Bearer wrong", "Bearer s3cret2", "Bearer " }) {
			ProblemException problem = refusal(this.auth, header);
			assertThat(problem.statusCode().value()).isEqualTo(403);
			assertThat(problem.detail()).isEqualTo("admin token is not valid");
		}
	}

	@Test
	void withNoTokenConfiguredWhatItGuardsIsOff() {
		for (String token : new String[] { "", null }) {
			ProblemException problem = refusal(new AdminAuth(token, "ingest"), "Bearer ");
			assertThat(problem.statusCode().value()).isEqualTo(403);
			assertThat(problem.detail()).isEqualTo("ingest is disabled: no admin token is configured");
		}
	}

	private static ProblemException refusal(AdminAuth auth, String header) {
		return catchThrowableOfType(ProblemException.class, () -> auth.check(request(header)));
	}

	private static MockServerHttpRequest request(String authorization) {
		MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.post("/v1/admin/purge");
		if (authorization != null) {
			request.header(HttpHeaders.AUTHORIZATION, authorization);
		}
		return request.build();
	}

}
