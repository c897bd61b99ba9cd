package cdn.signaling.ice;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import cdn.signaling.config.SignalingProperties;
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
 * The TURN secret shared with coturn, read from a file (a mounted secret), signs the
 * credentials handed out and is never printed: not by the properties, the log, or the
 * actuator's {@code env} and {@code configprops}.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "management.endpoints.web.exposure.include=health,env,configprops")
@AutoConfigureWebTestClient
class TurnSecretIT {

	static final String SECRET = "turn-secret-from-a-file-9b2f";

	@DynamicPropertySource
	static void secretFile(DynamicPropertyRegistry registry) throws IOException {
		Path file = Files.writeString(Files.createTempDirectory("turn-secret-it").resolve("turn-secret"),
				SECRET + "\n");
		registry.add("signaling.ice.turn-secret-file", file::toString);
	}

	@Autowired
	WebTestClient http;

	@Autowired
	SignalingProperties properties;

	@Test
	void theSecretFromTheFileSignsTheCredentials() throws Exception {
		byte[] body = this.http.get()
			.uri("/v1/ice-servers?peerId=peer-1")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult()
			.getResponseBody();
		JsonNode turn = JsonMapper.builder().build().readTree(body).get("iceServers").get(1);
		Mac mac = Mac.getInstance("HmacSHA1");
		mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
		assertThat(turn.get("credential").asString()).isEqualTo(Base64.getEncoder()
			.encodeToString(mac.doFinal(turn.get("username").asString().getBytes(StandardCharsets.UTF_8))));
	}

	@Test
	void theSecretIsNeverPrinted(CapturedOutput output) {
		assertThat(this.properties.ice().turnEnabled()).isTrue();
		assertThat(this.properties.toString()).contains("turnSecret=******").doesNotContain(SECRET);
		assertThat(output.getAll()).contains("Started").doesNotContain(SECRET);
		for (String endpoint : List.of("/actuator/env", "/actuator/env/signaling.ice.turn-secret-file",
				"/actuator/configprops")) {
			String body = this.http.get()
				.uri(endpoint)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(String.class)
				.returnResult()
				.getResponseBody();
			assertThat(body).as(endpoint).contains("******").doesNotContain(SECRET);
		}
	}

}
