package cdn.edge;

import java.time.Duration;
import java.time.Instant;

import cdn.kit.test.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import reactor.netty.http.client.HttpClient;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * One edge (with a hand-moved clock) in front of one {@link FakeUpstream}, shared by the
 * HTTP tests: every test uses its own paths, so they do not see each other's objects.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.defaults.metrics.export.enabled=true", "edge.region=test-east",
				"edge.admin-token=" + EdgeITSupport.ADMIN_TOKEN, "edge.fetch.timeout=2s" })
@Import(EdgeITSupport.TestClock.class)
@org.junit.jupiter.api.extension.ExtendWith(ThreadDumpOnTimeout.class)
public abstract class EdgeITSupport {

	public static final String ADMIN_TOKEN = "test-admin-token";

	protected static final FakeUpstream UPSTREAM = FakeUpstream.start();

	@DynamicPropertySource
	static void upstream(DynamicPropertyRegistry registry) {
		registry.add("edge.upstream", UPSTREAM::baseUrl);
	}

	protected WebTestClient http;

	@Autowired
	protected MutableClock clock;

	@LocalServerPort
	protected int port;

	/**
	 * Pooled keep-alive connections, as real clients use: a request left unanswered on a
	 * reused connection (issue #3, see {@code issues.KeepAliveStallIT}) fails the test
	 * after the response timeout.
	 */
	@BeforeEach
	void client() {
		this.http = keepAliveConnections("http://127.0.0.1:" + this.port);
	}

	public static WebTestClient keepAliveConnections(String baseUrl) {
		return WebTestClient.bindToServer(new ReactorClientHttpConnector(HttpClient.create()))
			.baseUrl(baseUrl)
			.responseTimeout(Duration.ofSeconds(30))
			.build();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class TestClock {

		@Bean
		@Primary
		MutableClock testClock() {
			return new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
		}

	}

}
