package cdn.edge;

import java.time.Instant;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
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
@AutoConfigureWebTestClient(timeout = "30s")
@Import(EdgeITSupport.TestClock.class)
public abstract class EdgeITSupport {

	public static final String ADMIN_TOKEN = "test-admin-token";

	protected static final FakeUpstream UPSTREAM = FakeUpstream.start();

	@DynamicPropertySource
	static void upstream(DynamicPropertyRegistry registry) {
		registry.add("edge.upstream", UPSTREAM::baseUrl);
	}

	@Autowired
	protected WebTestClient http;

	@Autowired
	protected MutableClock clock;

	@LocalServerPort
	protected int port;

	@TestConfiguration(proxyBeanMethods = false)
	static class TestClock {

		@Bean
		@Primary
		MutableClock testClock() {
			return new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
		}

	}

}
