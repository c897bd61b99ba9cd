package cdn.client.webrtc;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.netty.http.client.HttpClient;
import reactor.test.StepVerifier;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Java peer's signaling connection against the real signaling-service. */
class SignalingClientIT {

	static final String SWARM = "concert-pitch/a128";

	static final Duration WAIT = Duration.ofSeconds(10);

	static SignalingProcess signaling;

	final HttpClient http = HttpClient.create();

	@BeforeAll
	static void start() throws Exception {
		signaling = SignalingProcess.start();
	}

	@AfterAll
	static void stop() {
		signaling.close();
	}

	@Test
	void membersOfASwarmRelayToEachOtherByPeerId() {
		try (SignalingClient alice = SignalingClient.connect(this.http, signaling.url(), "j-alice", SWARM).block(WAIT);
				SignalingClient bob = SignalingClient.connect(this.http, signaling.url(), "j-bob", SWARM).block(WAIT)) {
			ObjectNode offer = JsonMapper.builder().build().createObjectNode().put("cid", "c1").put("sdp", "v=0");
			StepVerifier.create(bob.relays().take(1))
				.then(() -> alice.relay(SWARM, "offer", "j-bob", offer))
				.assertNext((relay) -> {
					assertThat(relay.swarm()).isEqualTo(SWARM);
					assertThat(relay.type()).isEqualTo("offer");
					assertThat(relay.from()).isEqualTo("j-alice");
					assertThat(relay.data()).isEqualTo(offer);
				})
				.verifyComplete();
		}
	}

	@Test
	void aRefusedJoinAndAnUnreachableServiceFailTheConnectWithTheReason() {
		try (SignalingClient first = SignalingClient.connect(this.http, signaling.url(), "j-carol", SWARM)
			.block(WAIT)) {
			assertThat(first.isClosed()).isFalse();
			assertThatThrownBy(() -> SignalingClient.connect(this.http, signaling.url(), "j-carol", SWARM).block(WAIT))
				.hasMessageContaining("signaling refused the join: peer-id-taken");
			assertThatThrownBy(
					() -> SignalingClient.connect(this.http, signaling.url(), "j-dave", "no swarm").block(WAIT))
				.hasMessageContaining("bad-swarm");
		}
		assertThatThrownBy(
				() -> SignalingClient.connect(this.http, "ws://127.0.0.1:1/v1/signal", "j-erin", SWARM).block(WAIT))
			.hasMessageContaining("signaling is unreachable");
	}

}
