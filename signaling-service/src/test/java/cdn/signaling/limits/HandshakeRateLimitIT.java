package cdn.signaling.limits;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import cdn.kit.test.RawHttp;
import cdn.signaling.SignalClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cdn.kit.test.ServiceAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Per client address, WebSocket handshakes and {@code /v1/ice-servers} calls share one
 * budget (here 3, then one per 100 s): beyond it the handshake is refused with the kit's
 * 429 problem before the upgrade; connections already open are not touched.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "signaling.limits.address-rate=0.01", "signaling.limits.address-burst=3" })
@AutoConfigureWebTestClient
class HandshakeRateLimitIT {

	private static final String SWARM = "c-major-chord/a64";

	@LocalServerPort
	int port;

	@Autowired
	WebTestClient http;

	@Autowired
	MeterRegistry registry;

	private final List<SignalClient> clients = new ArrayList<>();

	@AfterEach
	void disconnect() {
		this.clients.forEach(SignalClient::close);
	}

	@Test
	void handshakesAndIceServerCallsOverTheAddressRateAre429() throws Exception {
		SignalClient ann = joined("ann");
		SignalClient ben = joined("ben");
		this.http.get().uri("/v1/ice-servers?peerId=ann").exchange().expectStatus().isOk();

		RawHttp.Response refused;
		try (RawHttp raw = new RawHttp(this.port, Duration.ofSeconds(5))) {
			refused = raw.send(RawHttp.request("GET /v1/signal HTTP/1.1", "Upgrade: websocket", "Connection: Upgrade",
					"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13"))
				.read(false);
		}
		assertThat(refused.status()).isEqualTo(429);
		assertThat(refused.headers()).containsEntry("content-type", "application/problem+json")
			.containsKey("retry-after");
		assertThat(Long.parseLong(refused.headers().get("retry-after"))).isBetween(1L, 100L);
		assertThat(new String(refused.body(), StandardCharsets.UTF_8))
			.contains("\"detail\":\"too many requests from this address\"");
		expectProblem(this.http.get().uri("/v1/ice-servers?peerId=ann").exchange(), 429).jsonPath("$.detail")
			.isEqualTo("too many requests from this address");

		// the open connections go on
		ann.send(SignalClient.offer(SWARM, "ben"));
		assertThat(ben.next().get("from").asString()).isEqualTo("ann");
		assertThat(this.registry.get("cdn.signaling.rate.limited").tag("scope", "address").counter().count())
			.isEqualTo(2);
	}

	private SignalClient joined(String peerId) throws Exception {
		SignalClient client = new SignalClient("ws://127.0.0.1:" + this.port + "/v1/signal");
		this.clients.add(client);
		client.send(SignalClient.join(SWARM, peerId));
		JsonNode joined = client.next();
		assertThat(joined.get("type").asString()).as(joined.toString()).isEqualTo("joined");
		return client;
	}

}
