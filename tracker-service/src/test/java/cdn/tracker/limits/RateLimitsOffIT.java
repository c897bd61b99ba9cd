package cdn.tracker.limits;

import java.time.Duration;
import java.util.List;

import cdn.kit.test.ServiceAssertions;
import cdn.protocol.tracker.AnnounceRequest;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rates of 0 switch the limits off (as the demo's launcher and the benchmark do: all
 * their clients share 127.0.0.1): a flood from one peer and one address is served in
 * full.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.defaults.metrics.export.enabled=true", "tracker.limits.address-rate=0",
				"tracker.limits.peer-rate=0", "tracker.announce.rate-limit=100000" })
@AutoConfigureWebTestClient
class RateLimitsOffIT {

	@LocalServerPort
	int port;

	@Autowired
	WebTestClient client;

	@Test
	void withLimitsOffNothingIsRefused() {
		PeerApiCalls calls = new PeerApiCalls(this.port);
		AnnounceRequest update = AnnounceRequest.update("busy", "limits", "a128", "eu-west",
				"http://127.0.0.1:7001/busy", List.of(), List.of(), 2000, 0, 0);
		List<Integer> statuses = Flux.range(0, 300)
			.flatMap((i) -> ((i % 2 == 0) ? calls.announce(update) : calls.lookup("busy")), 16)
			.map((answer) -> answer.getStatusCode().value())
			.collectList()
			.block(Duration.ofMinutes(1));

		assertThat(statuses).hasSize(300).containsOnly(200);
		String scrape = ServiceAssertions.scrape(this.client);
		assertThat(PeerApiCalls.counter(scrape, "cdn_tracker_rate_limited_total", "scope=\"peer\"")).isZero();
		assertThat(PeerApiCalls.counter(scrape, "cdn_tracker_rate_limited_total", "scope=\"address\"")).isZero();
	}

}
