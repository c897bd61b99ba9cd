package cdn.tracker.web;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The peer API of a running tracker (one Spring Boot app on a random port for the class,
 * the in-memory store, the rate limits off so that inputs reach the parsers) under fuzzed
 * requests: whatever a client sends as an announce, a batched or a single lookup, or a
 * report, the answer is never a 5xx. A 5xx is an exception the service did not map to its
 * problem ({@code ProblemHandler}). The inputs directories hold valid requests and nasty
 * ones; without {@code JAZZER_FUZZ} only they run ({@code PeerApiFuzzITInputs/<method>}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "tracker.limits.address-rate=0", "tracker.limits.peer-rate=0",
				"tracker.announce.rate-limit=1000000", "cdn.audit.file=", "logging.level.cdn.audit=off" })
@AutoConfigureWebTestClient
class PeerApiFuzzIT {

	private static final Pattern LINES = Pattern.compile("\n");

	@Autowired
	WebTestClient client;

	/** The body of {@code POST /v1/announce}. */
	@FuzzTest(maxDuration = "30s")
	void announce(byte[] body) {
		post("/v1/announce", body);
	}

	/** The body of {@code POST /v1/peers/lookup}. */
	@FuzzTest(maxDuration = "30s")
	void lookup(byte[] body) {
		post("/v1/peers/lookup", body);
	}

	/**
	 * {@code GET /v1/peers}: the lines are the values of {@code segment}, {@code region},
	 * {@code count} and {@code exclude} (a missing line: no parameter).
	 */
	@FuzzTest(maxDuration = "30s")
	void singleLookup(byte[] input) {
		String[] values = LINES.split(new String(input, StandardCharsets.UTF_8), 4);
		String[] names = { "segment", "region", "count", "exclude" };
		expectNo5xx(this.client.get().uri((uri) -> {
			uri.path("/v1/peers");
			for (int i = 0; i < values.length; i++) {
				uri.queryParam(names[i], "{" + names[i] + "}");
			}
			return uri.build((Object[]) values);
		}));
	}

	/**
	 * {@code POST /v1/peers/{peerId}/reports}: the first line is the reported peer's id
	 * (a path segment, encoded), the rest the body.
	 */
	@FuzzTest(maxDuration = "30s")
	void report(byte[] input) {
		String[] parts = LINES.split(new String(input, StandardCharsets.UTF_8), 2);
		String body = (parts.length > 1) ? parts[1] : "";
		expectNo5xx(this.client.post()
			.uri("/v1/peers/{peerId}/reports", parts[0])
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body.getBytes(StandardCharsets.UTF_8)));
	}

	/**
	 * The valid seeds are served: the corpus starts the fuzzer inside the API, not at its
	 * door (a change of the API that made them 400s would leave the fuzzer outside).
	 */
	@Test
	void validSeedsAreServed() throws IOException, URISyntaxException {
		for (Path seed : validSeeds("announce")) {
			this.client.post()
				.uri("/v1/announce")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Files.readAllBytes(seed))
				.exchange()
				.expectStatus()
				.isOk();
		}
		for (Path seed : validSeeds("lookup")) {
			this.client.post()
				.uri("/v1/peers/lookup")
				.contentType(MediaType.APPLICATION_JSON)
				.bodyValue(Files.readAllBytes(seed))
				.exchange()
				.expectStatus()
				.isOk();
		}
	}

	private static List<Path> validSeeds(String method) throws IOException, URISyntaxException {
		Path inputs = Path.of(PeerApiFuzzIT.class.getResource("PeerApiFuzzITInputs/" + method).toURI());
		try (Stream<Path> seeds = Files.list(inputs)) {
			List<Path> valid = seeds.filter((seed) -> seed.getFileName().toString().startsWith("valid-"))
				.sorted()
				.toList();
			assertThat(valid).isNotEmpty();
			return valid;
		}
	}

	private void post(String path, byte[] body) {
		expectNo5xx(this.client.post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(body));
	}

	private void expectNo5xx(WebTestClient.RequestHeadersSpec<?> request) {
		// the service under test is on this machine: Jazzer's SSRF detector must let it
		// be
		try (SilentCloseable loopback = BugDetectors.allowNetworkConnections(PeerApiFuzzIT::loopback)) {
			// the body read too: an answer left unread keeps its connection from the
			// pool,
			// and after some ten thousand of them every request waits for one
			request.exchange()
				.expectStatus()
				.value((status) -> assertThat(status).as("status of a fuzzed request").isLessThan(500))
				.expectBody()
				.returnResult();
		}
	}

	static boolean loopback(String host, int port) {
		return "localhost".equals(host) || host.startsWith("127.") || "::1".equals(host)
				|| "0:0:0:0:0:0:0:1".equals(host);
	}

}
