package cdn.edge.admin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import cdn.edge.EdgeApplication;
import cdn.edge.config.EdgeProperties;
import cdn.kit.audit.AuditLog;
import cdn.kit.test.ServiceAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The operator side of the edge (issue 16): every admin call is an audit line, the admin
 * token (here read from a file) is never printed, and a listener token is not an operator
 * token.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "edge.region=audit-east", "management.endpoints.web.exposure.include=health,env,configprops" })
@AutoConfigureWebTestClient
class OperatorSecurityIT {

	static final String TOKEN = "edge-operator-token-7f3a9c";

	static final Path DIR = temp();

	static final Path AUDIT = DIR.resolve("audit/edge.jsonl");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@DynamicPropertySource
	static void files(DynamicPropertyRegistry registry) throws IOException {
		Path tokenFile = Files.writeString(DIR.resolve("admin-token"), TOKEN + "\n");
		registry.add("edge.admin-token-file", tokenFile::toString);
		registry.add("cdn.audit.file", AUDIT::toString);
	}

	@Autowired
	WebTestClient http;

	@Autowired
	EdgeProperties properties;

	@Test
	void aPurgeDoneAndRefusedAreAuditLinesWithoutTheToken() throws IOException {
		purge("Bearer " + TOKEN, "/tracks/audited/").expectStatus().isOk();
		purge(null, "/tracks/refused/").expectStatus().isUnauthorized();
		purge("Bearer not-the-operator-token", "/tracks/wrong/").expectStatus().isForbidden();

		JsonNode done = line("/tracks/audited/");
		assertThat(done.get("time").asString()).isNotEmpty();
		assertThat(done.get("service").asString()).isEqualTo("edge-cache-service");
		assertThat(done.get("action").asString()).isEqualTo("purge");
		assertThat(done.get("outcome").asString()).isEqualTo("done");
		assertThat(done.get("status").asInt()).isEqualTo(200);
		assertThat(done.get("actor").asString()).isEqualTo(AuditLog.operator(TOKEN)).matches("operator:[0-9a-f]{8}");
		assertThat(done.get("remote").asString()).isEqualTo("127.0.0.1");
		assertThat(done.get("details").get("purged").asInt()).isZero();

		JsonNode anonymous = line("/tracks/refused/");
		assertThat(anonymous.get("outcome").asString()).isEqualTo("refused");
		assertThat(anonymous.get("status").asInt()).isEqualTo(401);
		assertThat(anonymous.get("actor").asString()).isEqualTo("anonymous");
		JsonNode wrong = line("/tracks/wrong/");
		assertThat(wrong.get("status").asInt()).isEqualTo(403);
		assertThat(wrong.get("actor").asString()).isEqualTo(AuditLog.operator("not-the-operator-token"));

		assertThat(Files.readString(AUDIT)).doesNotContain(TOKEN).doesNotContain("not-the-operator-token");
	}

	@Test
	void aListenerTokenIsRefusedAsAnOperatorToken() throws IOException {
		String jwt = "eyJraWQiOiJrMSIsImFsZyI6IkVTMjU2In0.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLWJ5dGVz";
		ServiceAssertions.expectProblem(purge("Bearer " + jwt, "/tracks/jwt/"), 403)
			.jsonPath("$.detail")
			.isEqualTo("a listener token is not an operator token");
		assertThat(line("/tracks/jwt/").get("status").asInt()).isEqualTo(403);
	}

	@Test
	void theAdminTokenIsNeverPrinted(CapturedOutput output) {
		assertThat(this.properties.adminEnabled()).isTrue();
		assertThat(this.properties.adminToken().reveal()).isEqualTo(TOKEN);
		assertThat(this.properties.toString()).doesNotContain(TOKEN);
		assertThat(output.getAll()).contains("Started").doesNotContain(TOKEN);
		for (String endpoint : List.of("/actuator/env", "/actuator/env/edge.admin-token-file",
				"/actuator/configprops")) {
			String body = this.http.get()
				.uri(endpoint)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.returnResult()
				.getResponseBody();
			assertThat(body).as(endpoint).contains("******").doesNotContain(TOKEN).doesNotContain(DIR.toString());
		}
	}

	@Test
	void aShortAdminTokenStopsTheStartNamingThePropertyNotTheValue(CapturedOutput output) {
		Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(EdgeApplication.class)
			.run("--server.port=0", "--edge.admin-token=too-short-tkn",
					"--cdn.audit.file=" + DIR.resolve("short.jsonl"))
			.close());
		assertThat(failure).isNotNull();
		Throwable cause = failure;
		while (cause.getCause() != null) {
			cause = cause.getCause();
		}
		assertThat(cause).hasMessage("edge.admin-token must be at least 16 characters (or empty: admin API off)");
		assertThat(output.getAll()).contains("edge.admin-token must be at least 16 characters")
			.doesNotContain("too-short-tkn");
	}

	private WebTestClient.ResponseSpec purge(String authorization, String prefix) {
		WebTestClient.RequestBodySpec request = this.http.post()
			.uri("/v1/admin/purge")
			.contentType(MediaType.APPLICATION_JSON);
		if (authorization != null) {
			request.header(HttpHeaders.AUTHORIZATION, authorization);
		}
		return request.bodyValue(Map.of("prefix", prefix)).exchange();
	}

	/** The one audit line about {@code target}: written before the answer was sent. */
	private static JsonNode line(String target) throws IOException {
		List<JsonNode> lines = Files.readAllLines(AUDIT)
			.stream()
			.map(JSON::readTree)
			.filter((line) -> line.path("target").asString("").equals(target))
			.toList();
		assertThat(lines).as("audit lines about %s", target).hasSize(1);
		return lines.get(0);
	}

	private static Path temp() {
		try {
			return Files.createTempDirectory("edge-operator-it");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
