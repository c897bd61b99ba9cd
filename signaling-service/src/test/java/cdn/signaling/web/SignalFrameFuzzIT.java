package cdn.signaling.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import cdn.signaling.SignalClient;
import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code WS /v1/signal} of a running signaling service (one Spring Boot app on a random
 * port for the class, the in-memory swarms, the handshake rate limit off) under fuzzed
 * frames: a connection per input sends its lines as text frames, then a ping; every
 * answer is a frame of the protocol and the pong comes (within 5 s each), so no frame
 * broke the connection or the service. {@link SignalFrameFuzzTest} is the same without a
 * network, and faster. Without {@code JAZZER_FUZZ} only the seeds run
 * ({@code SignalFrameFuzzITInputs/frames}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "signaling.limits.address-rate=0")
class SignalFrameFuzzIT {

	@LocalServerPort
	int port;

	@FuzzTest(maxDuration = "30s")
	void frames(byte[] input) throws InterruptedException {
		List<Object> frames = SignalFrameFuzzTest.lines(input);
		// the service under test is on this machine: Jazzer's SSRF detector must let it
		// be
		try (SilentCloseable loopback = BugDetectors
			.allowNetworkConnections((host, remotePort) -> "localhost".equals(host) || host.startsWith("127."));
				SignalClient client = new SignalClient("ws://127.0.0.1:" + this.port + "/v1/signal")) {
			for (Object frame : frames) {
				// binary frames are SignalFrameFuzzTest's: here their bytes go as text
				client.send(
						(frame instanceof byte[] bytes) ? new String(bytes, StandardCharsets.UTF_8) : frame.toString());
			}
			client.send(SignalFrameFuzzTest.PING);
			for (int i = 0; i <= 2 * frames.size(); i++) {
				JsonNode frame = client.nextWithin(Duration.ofSeconds(5));
				assertThat(frame).as("the next answer, the pong at last, within 5 s").isNotNull();
				SignalFrameFuzzTest.checkProtocolFrame(frame.toString());
				if (frame.path("type").asString().equals("pong")) {
					return;
				}
			}
			throw new AssertionError("more answers than frames, and no pong");
		}
	}

}
