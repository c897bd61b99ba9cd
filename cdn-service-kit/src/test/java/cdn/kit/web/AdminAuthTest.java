package cdn.kit.web;

import cdn.kit.security.Secret;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpHeaders;
import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class AdminAuthTest {

	private static final String TOKEN = "s3cret-operator-token";

	private final AdminAuth auth = new AdminAuth(Secret.of(TOKEN), "edge.admin-token", "admin API");

	@Test
	void theRightTokenPasses() {
		assertThatNoException().isThrownBy(() -> this.auth.check(request("Bearer " + TOKEN)));
		assertThatNoException().isThrownBy(() -> this.auth.check(request("bearer  " + TOKEN + " ")));
	}

	@Test
	void aMissingTokenIs401WithABearerChallenge() {
		for (String header : new String[] { null, "Basic czNjcmV0", TOKEN }) {
			ProblemException problem = refusal(this.auth, header);
			assertThat(problem.statusCode().value()).isEqualTo(401);
			assertThat(problem.detail()).isEqualTo("admin bearer token required");
			assertThat(problem.headers().getFirst(HttpHeaders.WWW_AUTHENTICATE)).isEqualTo("Bearer");
		}
	}

	@Test
	void aWrongTokenIs403() {
		for (String header : new String[] { "Bearer wrong", "Bearer " + TOKEN + "2", "Bearer " }) {
			ProblemException problem = refusal(this.auth, header);
			assertThat(problem.statusCode().value()).isEqualTo(403);
			assertThat(problem.detail()).isEqualTo("admin token is not valid");
		}
	}

	@Test
	void withNoTokenConfiguredWhatItGuardsIsOff() {
		for (Secret token : new Secret[] { Secret.of(""), Secret.of(" "), null }) {
			ProblemException problem = refusal(new AdminAuth(token, "origin.admin-token", "ingest"), "Bearer ");
			assertThat(problem.statusCode().value()).isEqualTo(403);
			assertThat(problem.detail()).isEqualTo("ingest is disabled: no admin token is configured");
		}
	}

	@Test
	void aListenerTokenIsRefusedAsAnOperatorToken() {
		String jwt = "eyJraWQiOiJrMSIsInR5cCI6IkpXVCIsImFsZyI6IkVTMjU2In0.eyJzdWIiOiJib2IifQ.c2lnbmF0dXJl";
		for (String header : new String[] { "Bearer " + jwt, "Bearer a.b.c", "Bearer a.b." }) {
			ProblemException problem = refusal(this.auth, header);
			assertThat(problem.statusCode().value()).isEqualTo(403);
			assertThat(problem.detail()).isEqualTo("a listener token is not an operator token");
		}
	}

	@Test
	void aShortOrJwtShapedConfiguredTokenIsRefusedNamingThePropertyNotTheValue() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new AdminAuth(Secret.of("short-token"), "edge.admin-token", "admin API"))
			.withMessage("edge.admin-token must be at least 16 characters (or empty: admin API off)")
			.withMessageNotContaining("short-token");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new AdminAuth(Secret.of("header-part.payload-part.sig"), "origin.admin-token", "ingest"))
			.withMessageStartingWith("origin.admin-token looks like a listener token")
			.withMessageNotContaining("payload-part");
		assertThatNoException()
			.isThrownBy(() -> new AdminAuth(Secret.of("x".repeat(AdminAuth.MIN_TOKEN_LENGTH)), "p", "admin API"));
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
