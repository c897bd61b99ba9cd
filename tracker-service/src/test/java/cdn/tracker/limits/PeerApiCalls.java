package cdn.tracker.limits;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import cdn.protocol.tracker.AnnounceRequest;
import cdn.protocol.tracker.PeerLookupRequest;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Calls of the peer API from the tests' one address (127.0.0.1), without asserting: the
 * limit tests count the statuses, also of calls sent concurrently.
 */
final class PeerApiCalls {

	static final String SEGMENT = "5".repeat(64);

	/** Longest a single call may take before the test fails. */
	static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

	private final WebClient client;

	PeerApiCalls(int port) {
		this.client = WebClient.create("http://127.0.0.1:" + port);
	}

	static AnnounceRequest started(String peer) {
		return AnnounceRequest.started(peer, "limits", "a128", "eu-west", "http://127.0.0.1:7001/" + peer,
				List.of(SEGMENT), 2000);
	}

	Mono<ResponseEntity<String>> announce(AnnounceRequest request) {
		return post("/v1/announce", request);
	}

	Mono<ResponseEntity<String>> lookup(String requester) {
		return post("/v1/peers/lookup", new PeerLookupRequest(List.of(SEGMENT), "eu-west", 5, requester));
	}

	Mono<ResponseEntity<String>> get(String path) {
		return exchange(this.client.get().uri(path));
	}

	Mono<ResponseEntity<String>> delete(String path) {
		return exchange(this.client.delete().uri(path));
	}

	Mono<ResponseEntity<String>> post(String path, Object body) {
		return exchange(this.client.post().uri(path).contentType(MediaType.APPLICATION_JSON).bodyValue(body));
	}

	Mono<ResponseEntity<String>> post(String path, Object body, String forwardedFor) {
		return exchange(this.client.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.header("X-Forwarded-For", forwardedFor)
			.bodyValue(body));
	}

	private static Mono<ResponseEntity<String>> exchange(WebClient.RequestHeadersSpec<?> request) {
		return request.exchangeToMono((response) -> response.toEntity(String.class)).timeout(CALL_TIMEOUT);
	}

	/** The answer is the kit's 429 problem with a whole-seconds {@code Retry-After}. */
	static boolean isRateLimitProblem(ResponseEntity<String> answer, String scope) {
		String retryAfter = answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER);
		return answer.getStatusCode().value() == 429 && retryAfter != null && retryAfter.matches("[1-9][0-9]*")
				&& MediaType.APPLICATION_PROBLEM_JSON.equals(answer.getHeaders().getContentType())
				&& answer.getBody() != null && answer.getBody().contains("\"status\":429")
				&& answer.getBody().contains("\"detail\":\"too many requests from this " + scope + "\"");
	}

	/**
	 * A counter's value in a scrape: the series of {@code metric} whose labels include
	 * every one of {@code labels} ({@code scope="peer"}), whatever else they carry.
	 */
	static double counter(String scrape, String metric, String... labels) {
		return scrape.lines().filter((line) -> line.startsWith(metric + "{")).filter((line) -> {
			String set = line.substring(metric.length(), line.lastIndexOf('}') + 1);
			return Arrays.stream(labels).allMatch((label) -> set.matches(".*[{,]" + label + "[,}].*"));
		})
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no series " + metric + " with " + String.join(",", labels)));
	}

}
