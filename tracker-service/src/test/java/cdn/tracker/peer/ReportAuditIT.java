package cdn.tracker.peer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import cdn.protocol.tracker.AnnounceRequest;
import cdn.protocol.tracker.PeerReport;
import cdn.tracker.config.TrackerProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every peer report is an audit line (issue 16): who reported whom, why, what it did, and
 * the refusals; the password a Redis URL may carry is never printed.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "tracker.redis.url=redis://:" + ReportAuditIT.REDIS_PASSWORD + "@127.0.0.1:6379",
				"management.endpoints.web.exposure.include=health,env,configprops" })
@AutoConfigureWebTestClient
class ReportAuditIT {

	static final String REDIS_PASSWORD = "redis-password-4c1e";

	static final Path AUDIT = temp().resolve("audit/tracker.jsonl");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@DynamicPropertySource
	static void audit(DynamicPropertyRegistry registry) {
		registry.add("cdn.audit.file", AUDIT::toString);
	}

	@Autowired
	WebTestClient client;

	@Autowired
	TrackerProperties properties;

	@Test
	void aReportIsOneAuditLineAndSoIsARefusal() throws IOException {
		for (String peer : List.of("audit-bad", "audit-bob")) {
			this.client.post()
				.uri("/v1/announce")
				.bodyValue(AnnounceRequest.started(peer, "audit-track", "a128", "eu-west",
						"http://127.0.0.1:7001/" + peer, List.of(), 2000))
				.exchange()
				.expectStatus()
				.isOk();
		}
		report("audit-bad", new PeerReport("audit-bob", "hash-mismatch")).expectStatus().isAccepted();
		report("audit-bad", new PeerReport("audit-stranger", "timeout")).expectStatus().isForbidden();
		report("audit-bob", new PeerReport("audit-bob", "timeout")).expectStatus().isBadRequest();

		List<JsonNode> lines = Files.readAllLines(AUDIT).stream().map(JSON::readTree).toList();
		assertThat(lines).hasSize(3);
		JsonNode done = lines.get(0);
		assertThat(done.get("service").asString()).isEqualTo("tracker-service");
		assertThat(done.get("action").asString()).isEqualTo("peer-report");
		assertThat(done.get("outcome").asString()).isEqualTo("done");
		assertThat(done.get("status").asInt()).isEqualTo(202);
		assertThat(done.get("actor").asString()).isEqualTo("peer:audit-bob");
		assertThat(done.get("target").asString()).isEqualTo("peer:audit-bad");
		assertThat(done.get("remote").asString()).isEqualTo("127.0.0.1");
		assertThat(done.get("details").get("reason").asString()).isEqualTo("hash-mismatch");
		assertThat(done.get("details").get("result").asString()).isEqualTo("recorded");
		JsonNode stranger = lines.get(1);
		assertThat(stranger.get("outcome").asString()).isEqualTo("refused");
		assertThat(stranger.get("status").asInt()).isEqualTo(403);
		assertThat(stranger.get("actor").asString()).isEqualTo("peer:audit-stranger");
		assertThat(stranger.get("details").get("result").asString()).isEqualTo("reporter_unknown");
		assertThat(lines.get(2).get("status").asInt()).isEqualTo(400);
	}

	@Test
	void theRedisPasswordIsNeverPrinted(CapturedOutput output) {
		assertThat(this.properties.redis().url().getUserInfo()).contains(REDIS_PASSWORD);
		assertThat(this.properties.toString()).doesNotContain(REDIS_PASSWORD);
		assertThat(output.getAll()).contains("Started").doesNotContain(REDIS_PASSWORD);
		for (String endpoint : List.of("/actuator/env", "/actuator/env/tracker.redis.url", "/actuator/configprops")) {
			String body = this.client.get()
				.uri(endpoint)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.returnResult()
				.getResponseBody();
			assertThat(body).as(endpoint).contains("******").doesNotContain(REDIS_PASSWORD);
		}
	}

	private WebTestClient.ResponseSpec report(String peer, PeerReport report) {
		return this.client.post().uri("/v1/peers/{peer}/reports", peer).bodyValue(report).exchange();
	}

	private static Path temp() {
		try {
			return Files.createTempDirectory("tracker-audit-it");
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
