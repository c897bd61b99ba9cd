package cdn.tracker.limits;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import cdn.kit.test.ServiceAssertions;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A low per-address limit: after the address's budget every call of the peer API from it
 * is 429, whatever peer it names and whatever {@code X-Forwarded-For} it writes (no proxy
 * is trusted by default); the operations endpoints are not limited.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.defaults.metrics.export.enabled=true", "tracker.limits.address-rate=0.01",
				"tracker.limits.address-burst=6", "tracker.limits.peer-rate=0" })
@AutoConfigureWebTestClient
class AddressRateLimitIT {

	static final Duration WAIT = Duration.ofSeconds(10);

	@LocalServerPort
	int port;

	@Autowired
	WebTestClient client;

	@Test
	void everyCallFromAnAddressOverItsRateIs429() {
		PeerApiCalls calls = new PeerApiCalls(this.port);
		List<ResponseEntity<String>> allowed = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			allowed.add(calls.announce(PeerApiCalls.started("peer-" + i)).block(WAIT));
			allowed.add(calls.lookup("peer-" + i).block(WAIT));
		}
		assertThat(allowed).allMatch((answer) -> answer.getStatusCode().is2xxSuccessful());

		List<ResponseEntity<String>> refused = List.of(calls.announce(PeerApiCalls.started("peer-new")).block(WAIT),
				calls.lookup("peer-new").block(WAIT),
				calls.get("/v1/peers?segment=" + PeerApiCalls.SEGMENT + "&region=eu-west").block(WAIT),
				calls.post("/v1/peers/peer-1/reports", Map.of("reporter", "peer-2", "reason", "timeout")).block(WAIT),
				calls.delete("/v1/peers/peer-0").block(WAIT), calls.get("/v1/swarms/limits").block(WAIT),
				calls.post("/v1/announce", PeerApiCalls.started("peer-spoof"), "198.51.100.7").block(WAIT));
		assertThat(refused).allMatch((answer) -> PeerApiCalls.isRateLimitProblem(answer, "address"));

		this.client.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
		assertThat(PeerApiCalls.counter(ServiceAssertions.scrape(this.client), "cdn_tracker_rate_limited_total",
				"scope=\"address\""))
			.isEqualTo(refused.size());
	}

}
