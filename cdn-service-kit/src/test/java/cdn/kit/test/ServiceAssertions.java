package cdn.kit.test;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** What the services' HTTP tests check of every answer: problems and metrics. */
public final class ServiceAssertions {

	private ServiceAssertions() {
	}

	/**
	 * Expects an RFC 9457 problem: this status, {@code application/problem+json}, and the
	 * status again in the body. Returns the body for further checks.
	 */
	public static WebTestClient.BodyContentSpec expectProblem(WebTestClient.ResponseSpec response, int status) {
		return response.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(status);
	}

	/** The body of {@code /actuator/prometheus}, which must answer 200. */
	public static String scrape(WebTestClient client) {
		return getOk(client, "/actuator/prometheus");
	}

	/** The body of a {@code GET} that must answer 200, as text. */
	public static String getOk(WebTestClient client, String path) {
		return client.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
	}

}
