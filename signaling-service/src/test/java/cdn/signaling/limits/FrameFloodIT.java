package cdn.signaling.limits;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import cdn.signaling.SignalClient;
import cdn.signaling.swarm.SwarmDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A connection that floods frames far over its rate is refused, then closed with
 * {@code 1008}; the other members of its swarm go on signaling. 20 frames a second,
 * bursts of 40, closed after 50 refused frames (forgiven at 20 a second).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "signaling.messages-per-second=20", "signaling.message-burst=40",
				"signaling.limits.max-refused-frames=50", "signaling.limits.address-rate=0" })
class FrameFloodIT {

	private static final String SWARM = "rising-arpeggio/a128";

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry registry;

	@Autowired
	SwarmDirectory directory;

	private final List<SignalClient> clients = new ArrayList<>();

	@AfterEach
	void disconnect() {
		this.clients.forEach(SignalClient::close);
	}

	@Test
	void aFloodingConnectionIsClosedWithPolicyViolationAndTheOthersGoOn() throws Exception {
		SignalClient flooder = joined("flooder");
		SignalClient frank = joined("frank");
		SignalClient grace = joined("grace");
		double refusedBefore = rejections("rate-limited");

		for (int i = 0; i < 300; i++) {
			flooder.send("{\"type\":\"ping\"}");
		}
		frank.send(SignalClient.offer(SWARM, "grace"));
		assertThat(grace.next().get("from").asString()).isEqualTo("frank");

		assertThat(flooder.closeCode(Duration.ofSeconds(10))).isEqualTo(1008);
		List<JsonNode> received = new ArrayList<>();
		for (JsonNode frame = flooder.nextWithin(Duration.ofSeconds(1)); frame != null; frame = flooder
			.nextWithin(Duration.ofMillis(200))) {
			received.add(frame);
		}
		List<JsonNode> errors = received.stream()
			.filter((frame) -> frame.path("type").asString("").equals("error"))
			.toList();
		assertThat(errors).isNotEmpty().allSatisfy((error) -> SignalClient.assertError(error, "rate-limited"));
		assertThat(errors.get(errors.size() - 1).get("detail").asString()).contains("closing the connection");
		assertThat(received).filteredOn((frame) -> frame.path("type").asString("").equals("pong"))
			.as("the burst, less the join")
			.hasSizeBetween(39, 100);
		assertThat(rejections("rate-limited") - refusedBefore).as("refused until closed").isBetween(51.0, 200.0);

		// the flooder is gone; the others still signal with each other
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.directory.deliver(SWARM, "flooder", "probe").block() == SwarmDirectory.Delivery.UNKNOWN);
		grace.send("{\"type\":\"answer\",\"swarm\":\"" + SWARM + "\",\"to\":\"frank\",\"data\":{\"sdp\":\"v=0\"}}");
		assertThat(frank.next().get("from").asString()).isEqualTo("grace");
		frank.send("{\"type\":\"ping\"}");
		assertThat(frank.next().get("type").asString()).isEqualTo("pong");
	}

	private SignalClient joined(String peerId) throws Exception {
		SignalClient client = new SignalClient("ws://127.0.0.1:" + this.port + "/v1/signal");
		this.clients.add(client);
		client.send(SignalClient.join(SWARM, peerId));
		JsonNode joined = client.next();
		assertThat(joined.get("type").asString()).as(joined.toString()).isEqualTo("joined");
		return client;
	}

	private double rejections(String reason) {
		return this.registry.get("cdn.signaling.rejections").tag("reason", reason).counter().count();
	}

}
