package cdn.signaling.ice;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cdn.kit.test.ServiceAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /v1/ice-servers}: STUN, and TURN credentials in coturn's REST scheme. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "signaling.ice.turn-secret=s3cret-shared-with-coturn", "signaling.ice.turn-ttl=10m",
				"signaling.ice.stun-urls=stun:127.0.0.1:3478" })
@AutoConfigureWebTestClient
class IceServersIT {

	@Autowired
	WebTestClient http;

	@Test
	void aPeerGetsStunAndTurnCredentialsOfItsOwnThatExpire() throws Exception {
		long before = Instant.now().getEpochSecond();
		byte[] body = this.http.get()
			.uri("/v1/ice-servers?peerId=peer-1")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.cacheControl(org.springframework.http.CacheControl.noStore())
			.expectBody()
			.returnResult()
			.getResponseBody();
		JsonNode answer = JsonMapper.builder().build().readTree(body);

		JsonNode stun = answer.get("iceServers").get(0);
		assertThat(stun.get("urls").get(0).asString()).isEqualTo("stun:127.0.0.1:3478");
		assertThat(stun.has("username")).isFalse();
		JsonNode turn = answer.get("iceServers").get(1);
		assertThat(turn.get("urls").get(0).asString()).isEqualTo("turn:127.0.0.1:3478?transport=udp");
		String username = turn.get("username").asString();
		assertThat(username).endsWith(":peer-1");
		long expiry = Long.parseLong(username.substring(0, username.indexOf(':')));
		assertThat(expiry).isBetween(before + 600, Instant.now().getEpochSecond() + 600);
		Mac mac = Mac.getInstance("HmacSHA1");
		mac.init(new SecretKeySpec("s3cret-shared-with-coturn".getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
		assertThat(turn.get("credential").asString())
			.isEqualTo(Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8))));
		assertThat(answer.get("ttlSeconds").asLong()).isEqualTo(600);
	}

	@Test
	void theWebPlayerOnAnotherOriginMayAskForIceServers() {
		this.http.get()
			.uri("/v1/ice-servers?peerId=browser-1")
			.header("Origin", "http://localhost:8080")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("Access-Control-Allow-Origin", "*");
	}

	@Test
	void withoutAValidPeerIdIsABadRequest() {
		expectProblem(this.http.get().uri("/v1/ice-servers").exchange(), 400).jsonPath("$.detail")
			.value((String detail) -> assertThat(detail).contains("peerId"));
		expectProblem(this.http.get().uri("/v1/ice-servers?peerId=a%2F..").exchange(), 400);
	}

}
