package cdn.kit.web;

import java.time.Duration;
import java.util.Map;

import cdn.kit.limits.RateLimit;
import cdn.kit.limits.RateLimiter;
import cdn.protocol.TrackId;
import com.github.benmanes.caffeine.cache.Ticker;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;

import static cdn.kit.test.ServiceAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The kit in a running WebFlux application: its handler is the only one, and every error
 * leaves as a problem without exception text.
 */
@SpringBootTest(classes = WebKitIT.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.http.codecs.max-in-memory-size=1KB", "spring.webflux.problemdetails.enabled=true" })
@AutoConfigureWebTestClient
class WebKitIT {

	@Autowired
	WebTestClient client;

	@Autowired
	ApplicationContext context;

	@Test
	void theKitsHandlerIsTheOnlyOne() {
		assertThat(this.context.getBeansOfType(ResponseEntityExceptionHandler.class).values()).singleElement()
			.isInstanceOf(ProblemHandler.class);
	}

	@Test
	void ourProblemsKeepTheirHeaders() {
		expectProblem(this.client.get().uri("/busy").exchange(), 503).jsonPath("$.detail").isEqualTo("busy");
		this.client.get().uri("/busy").exchange().expectHeader().valueEquals(HttpHeaders.RETRY_AFTER, "2");
		expectProblem(this.client.get().uri("/admin").exchange(), 401);
		this.client.get().uri("/admin").exchange().expectHeader().valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		expectProblem(this.client.get().uri("/admin").header(HttpHeaders.AUTHORIZATION, "Bearer x").exchange(), 403);
		expectProblem(this.client.get().uri("/track?id=Bad.Id").exchange(), 400).jsonPath("$.detail")
			.value(String.class, (detail) -> assertThat(detail).startsWith("track id must"));
	}

	@Test
	void aRateLimitedRequestIs429WithRetryAfterKeyedByTheClientsAddress() {
		this.client.get().uri("/limited").exchange().expectStatus().isOk();
		expectProblem(this.client.get().uri("/limited").header("X-Forwarded-For", "198.51.100.1").exchange(), 429)
			.jsonPath("$.detail")
			.isEqualTo("too many requests from this address");
		this.client.get()
			.uri("/limited")
			.exchange()
			.expectHeader()
			.valueEquals(HttpHeaders.RETRY_AFTER, "100")
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
	}

	@Test
	void frameworkErrorsAreProblemsToo() {
		expectProblem(this.client.get().uri("/nothing-here").exchange(), 404);
		expectProblem(this.client.delete().uri("/busy").exchange(), 405);
		expectProblem(this.client.post().uri("/echo").contentType(MediaType.TEXT_PLAIN).bodyValue("x").exchange(), 415);
		expectProblem(
				this.client.post().uri("/echo").contentType(MediaType.APPLICATION_JSON).bodyValue("{\"a\":").exchange(),
				400)
			.jsonPath("$.detail")
			.value(String.class, (detail) -> assertThat(detail).doesNotContainIgnoringCase("jackson")
				.doesNotContainIgnoringCase("exception"));
	}

	@Test
	void aBodyOverTheCodecLimitIs413() {
		expectProblem(this.client.post()
			.uri("/echo")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("{\"a\":\"" + "x".repeat(4096) + "\"}")
			.exchange(), 413).jsonPath("$.detail").isEqualTo("request body exceeds the size limit");
	}

	@Test
	void anUnexpectedErrorIsABare500() {
		expectProblem(this.client.get().uri("/boom").exchange(), 500).jsonPath("$.detail").isEqualTo("internal error");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	@Import(Endpoints.class)
	static class App {

	}

	@RestController
	static class Endpoints {

		private final AdminAuth auth = new AdminAuth(cdn.kit.security.Secret.of("s3cret-operator-token"),
				"test.admin-token", "admin API");

		/** One request, then one every 100 s. */
		private final RateLimiter limiter = new RateLimiter("address", new RateLimit(0.01, 1), 10,
				Ticker.systemTicker(), () -> {
				});

		private final ClientAddress addresses;

		Endpoints(ClientAddress addresses) {
			this.addresses = addresses;
		}

		@GetMapping("/limited")
		String limited(ServerHttpRequest request) {
			this.limiter.acquire(this.addresses.of(request));
			return "ok";
		}

		@GetMapping("/busy")
		String busy() {
			throw Problems.serviceUnavailable("busy", Duration.ofMillis(1200));
		}

		@GetMapping("/admin")
		String admin(ServerHttpRequest request) {
			this.auth.check(request);
			return "ok";
		}

		@GetMapping("/track")
		String track(@RequestParam String id) {
			return TrackId.of(id).value();
		}

		@PostMapping("/echo")
		Map<String, Object> echo(@RequestBody Map<String, Object> body) {
			return body;
		}

		@GetMapping("/boom")
		String boom() {
			throw new IllegalStateException("secret internals");
		}

	}

}
