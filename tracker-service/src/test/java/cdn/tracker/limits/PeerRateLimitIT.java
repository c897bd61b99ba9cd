package cdn.tracker.limits;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import cdn.kit.test.ServiceAssertions;
import cdn.protocol.tracker.AnnounceRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.ResponseEntity;
import org.springframework.test.web.reactive.server.WebTestClient;

import static java.util.stream.Collectors.counting;
import static java.util.stream.Collectors.groupingBy;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16's test: a flood of announces from one peer gets 429 while the other peers are
 * served. The peer's budget is 5 calls, then one per 100 s (so no token comes back during
 * the test); the address limit and the store's own announce limit are out of the way.
 * Statuses are asserted, never latencies (those are the benchmark's:
 * {@code bench/tracker/flood.sh}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.defaults.metrics.export.enabled=true", "tracker.limits.peer-rate=0.01",
				"tracker.limits.peer-burst=5", "tracker.limits.address-rate=0", "tracker.announce.rate-limit=100000" })
@AutoConfigureWebTestClient
class PeerRateLimitIT {

	static final int FLOOD = 200;

	static final int OTHERS = 40;

	@LocalServerPort
	int port;

	@Autowired
	WebTestClient client;

	PeerApiCalls calls;

	@BeforeEach
	void calls() {
		this.calls = new PeerApiCalls(this.port);
	}

	@Test
	void aFloodOfAnnouncesFromOnePeerGets429WhileOtherPeersAreServed() {
		double peerRefusals = counter("cdn_tracker_rate_limited_total", "scope=\"peer\"");
		double announcesLimited = counter("cdn_tracker_requests_total", "op=\"announce\"", "outcome=\"rate_limited\"");
		AnnounceRequest flood = AnnounceRequest.update("flooder", "limits", "a128", "eu-west",
				"http://127.0.0.1:7001/flooder", List.of(), List.of(), 2000, 0, 0);
		// the flood, 16 calls at a time, and during it each other peer announcing and
		// looking up, 4 at a time
		Flux<ResponseEntity<String>> flooder = Flux.range(0, FLOOD).flatMap((i) -> this.calls.announce(flood), 16);
		Flux<ResponseEntity<String>> others = Flux.range(0, OTHERS)
			.flatMap((i) -> this.calls.announce(PeerApiCalls.started("listener-" + i))
				.concatWith(this.calls.lookup("listener-" + i)), 4);
		var answers = Mono.zip(flooder.collectList(), others.collectList()).block(Duration.ofMinutes(1));
		List<ResponseEntity<String>> flooded = answers.getT1();

		Map<Integer, Long> statuses = flooded.stream()
			.collect(groupingBy((answer) -> answer.getStatusCode().value(), counting()));
		assertThat(statuses).as("the burst, then refusals").isEqualTo(Map.of(200, 5L, 429, (long) FLOOD - 5));
		assertThat(flooded).filteredOn((answer) -> answer.getStatusCode().value() == 429)
			.allMatch((answer) -> PeerApiCalls.isRateLimitProblem(answer, "peer"));
		assertThat(answers.getT2()).as("the other peers' announces and lookups, during the flood")
			.hasSize(2 * OTHERS)
			.allMatch((answer) -> answer.getStatusCode().value() == 200);
		assertThat(counter("cdn_tracker_rate_limited_total", "scope=\"peer\"") - peerRefusals).isEqualTo(FLOOD - 5);
		assertThat(
				counter("cdn_tracker_requests_total", "op=\"announce\"", "outcome=\"rate_limited\"") - announcesLimited)
			.isEqualTo(FLOOD - 5);
		assertThat(counter("cdn_tracker_rate_limited_total", "scope=\"address\"")).isZero();
	}

	@Test
	void theFloodingPeersLookupsAndReportsAreRefusedButItMayStillLeave() {
		for (int i = 0; i < 5; i++) {
			this.calls.lookup("greedy").block(Duration.ofSeconds(10));
		}
		assertThat(PeerApiCalls.isRateLimitProblem(this.calls.lookup("greedy").block(Duration.ofSeconds(10)), "peer"))
			.isTrue();
		assertThat(this.calls.get("/v1/peers?segment=" + PeerApiCalls.SEGMENT + "&region=eu-west&exclude=greedy")
			.block(Duration.ofSeconds(10))
			.getStatusCode()
			.value()).isEqualTo(429);
		assertThat(this.calls.post("/v1/peers/listener-x/reports", Map.of("reporter", "greedy", "reason", "timeout"))
			.block(Duration.ofSeconds(10))
			.getStatusCode()
			.value()).isEqualTo(429);
		assertThat(this.calls.announce(AnnounceRequest.stopped("greedy"))
			.block(Duration.ofSeconds(10))
			.getStatusCode()
			.value()).as("a stopped announce").isEqualTo(200);
		assertThat(this.calls.delete("/v1/peers/greedy").block(Duration.ofSeconds(10)).getStatusCode().value())
			.isEqualTo(204);
		assertThat(this.calls.lookup("someone-else").block(Duration.ofSeconds(10)).getStatusCode().value())
			.isEqualTo(200);
	}

	double counter(String metric, String... labels) {
		return PeerApiCalls.counter(ServiceAssertions.scrape(this.client), metric, labels);
	}

}
