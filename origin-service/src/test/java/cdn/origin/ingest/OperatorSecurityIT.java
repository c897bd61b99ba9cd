package cdn.origin.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import cdn.kit.audit.AuditLog;
import cdn.origin.FfmpegRequired;
import cdn.origin.OriginApplication;
import cdn.origin.TestAudio;
import cdn.origin.TestDirs;
import cdn.origin.config.OriginProperties;
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
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The operator side of the origin (issue 16): every ingest call is an audit line, the
 * admin token is never printed, and a short one stops the start.
 */
@ExtendWith({ FfmpegRequired.class, OutputCaptureExtension.class })
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "origin.demo-catalog.enabled=false", "origin.admin-token=" + OperatorSecurityIT.TOKEN,
				"management.endpoints.web.exposure.include=health,env,configprops" })
@AutoConfigureWebTestClient(timeout = "PT60S")
class OperatorSecurityIT {

	static final String TOKEN = "origin-operator-token-51d0e2";

	static final Path DIR = TestDirs.temp("origin-operator-it");

	static final Path AUDIT = DIR.resolve("audit/origin.jsonl");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@DynamicPropertySource
	static void files(DynamicPropertyRegistry registry) {
		registry.add("origin.storage", () -> DIR.resolve("store").toString());
		registry.add("cdn.audit.file", AUDIT::toString);
	}

	@Autowired
	WebTestClient http;

	@Autowired
	OriginProperties properties;

	@Test
	void anIngestDoneAndRefusedAreAuditLinesWithoutTheToken() throws Exception {
		Path tone = TestAudio.tone(DIR.resolve("short-tone.wav"), 2, 440);
		String jobId = upload(tone, "Bearer " + TOKEN).expectStatus()
			.isAccepted()
			.expectBody(IngestStatus.class)
			.returnResult()
			.getResponseBody()
			.jobId();
		upload(tone, null).expectStatus().isUnauthorized();
		upload(tone, "Bearer not-the-operator-token").expectStatus().isForbidden();
		this.http.get()
			.uri("/v1/ingests/{id}", jobId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN)
			.exchange()
			.expectStatus()
			.isOk();

		List<JsonNode> lines = lines();
		assertThat(lines).hasSize(4);
		JsonNode done = lines.get(0);
		assertThat(done.get("service").asString()).isEqualTo("origin-service");
		assertThat(done.get("action").asString()).isEqualTo("ingest");
		assertThat(done.get("outcome").asString()).isEqualTo("done");
		assertThat(done.get("status").asInt()).isEqualTo(202);
		assertThat(done.get("actor").asString()).isEqualTo(AuditLog.operator(TOKEN));
		assertThat(done.get("remote").asString()).isEqualTo("127.0.0.1");
		assertThat(done.get("target").asString()).isEqualTo("audited-tone");
		assertThat(done.get("details").get("title").asString()).isEqualTo("Audited Tone");
		assertThat(done.get("details").get("file").asString()).isEqualTo("short-tone.wav");
		assertThat(done.get("details").get("jobId").asString()).isEqualTo(jobId);
		assertThat(lines.get(1).get("outcome").asString()).isEqualTo("refused");
		assertThat(lines.get(1).get("status").asInt()).isEqualTo(401);
		assertThat(lines.get(1).get("actor").asString()).isEqualTo("anonymous");
		assertThat(lines.get(2).get("status").asInt()).isEqualTo(403);
		assertThat(lines.get(2).get("actor").asString()).isEqualTo(AuditLog.operator("not-the-operator-token"));
		assertThat(lines.get(3).get("action").asString()).isEqualTo("ingest-status");
		assertThat(lines.get(3).get("target").asString()).isEqualTo(jobId);
		assertThat(Files.readString(AUDIT)).doesNotContain(TOKEN).doesNotContain("not-the-operator-token");
	}

	@Test
	void theAdminTokenIsNeverPrinted(CapturedOutput output) {
		assertThat(this.properties.ingestEnabled()).isTrue();
		assertThat(this.properties.toString()).doesNotContain(TOKEN);
		assertThat(output.getAll()).contains("Started").doesNotContain(TOKEN);
		for (String endpoint : List.of("/actuator/env", "/actuator/env/origin.admin-token", "/actuator/configprops")) {
			String body = this.http.get()
				.uri(endpoint)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.returnResult()
				.getResponseBody();
			assertThat(body).as(endpoint).contains("******").doesNotContain(TOKEN);
		}
	}

	@Test
	void aShortAdminTokenStopsTheStartNamingThePropertyNotTheValue(CapturedOutput output) {
		Throwable failure = catchThrowable(() -> new SpringApplicationBuilder(OriginApplication.class)
			.run("--server.port=0", "--origin.admin-token=too-short-tkn", "--origin.demo-catalog.enabled=false",
					"--origin.storage=" + DIR.resolve("short-store"), "--cdn.audit.file=" + DIR.resolve("short.jsonl"))
			.close());
		Throwable cause = failure;
		while (cause.getCause() != null) {
			cause = cause.getCause();
		}
		assertThat(cause).hasMessage("origin.admin-token must be at least 16 characters (or empty: ingest off)");
		assertThat(output.getAll()).contains("origin.admin-token must be at least 16 characters")
			.doesNotContain("too-short-tkn");
	}

	private WebTestClient.ResponseSpec upload(Path file, String authorization) {
		MultipartBodyBuilder form = new MultipartBodyBuilder();
		form.part("file", new FileSystemResource(file));
		form.part("title", "Audited Tone");
		WebTestClient.RequestBodySpec request = this.http.post().uri("/v1/tracks");
		if (authorization != null) {
			request.header(HttpHeaders.AUTHORIZATION, authorization);
		}
		return request.body(BodyInserters.fromMultipartData(form.build())).exchange();
	}

	private static List<JsonNode> lines() throws IOException {
		return Files.readAllLines(AUDIT).stream().map(JSON::readTree).toList();
	}

}
