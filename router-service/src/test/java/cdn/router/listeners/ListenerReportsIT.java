package cdn.router.listeners;

import cdn.kit.test.ServiceAssertions;
import cdn.router.StubEdge;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cdn.kit.test.ServiceAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The web player's reports become the client metrics with {@code client=browser}; forged
 * or out-of-range reports are 400 and count nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "management.defaults.metrics.export.enabled=true")
@AutoConfigureWebTestClient
class ListenerReportsIT {

	static final StubEdge EDGE = StubEdge.start();

	@DynamicPropertySource
	static void edges(DynamicPropertyRegistry registry) {
		registry.add("router.edges[0].url", EDGE::url);
		registry.add("router.edges[0].region", () -> "us-east");
	}

	@AfterAll
	static void stopEdge() {
		EDGE.close();
	}

	@Autowired
	WebTestClient http;

	@Test
	void aReportIsCountedAsBrowserClientMetrics() {
		post("""
				{"region":"us-east","bytesPeer":3000,"bytesEdge":1000,"hashFailures":1,"stalls":2,
				 "stalledSeconds":1.5,"playedSeconds":10,"startupMs":180,"bitrateKbps":128}""").expectStatus()
			.isAccepted();
		post("""
				{"region":"us-east","bytesPeer":500,"bytesEdge":0,"playedSeconds":10,"bitrateKbps":128}""")
			.expectStatus()
			.isAccepted();

		String scrape = ServiceAssertions.scrape(this.http);
		assertThat(scrape)
			.containsPattern(
					"cdn_client_segment_bytes_total\\{[^}]*client=\"browser\",region=\"us-east\",source=\"peer\"} 3500")
			.containsPattern(
					"cdn_client_segment_bytes_total\\{[^}]*client=\"browser\",region=\"us-east\",source=\"edge\"} 1000")
			.containsPattern("cdn_client_hash_failures_total\\{[^}]*client=\"browser\",source=\"peer\"} 1")
			.containsPattern("cdn_client_rebuffer_total\\{[^}]*client=\"browser\",region=\"us-east\"} 2")
			.containsPattern("cdn_client_rebuffer_seconds_total\\{[^}]*client=\"browser\",region=\"us-east\"} 1.5")
			.containsPattern("cdn_client_played_seconds_total\\{[^}]*client=\"browser\",region=\"us-east\"} 20")
			.containsPattern("cdn_client_startup_seconds_count\\{[^}]*client=\"browser\",region=\"us-east\"} 1")
			.containsPattern("cdn_client_bitrate_kbps_count\\{[^}]*client=\"browser\",region=\"us-east\"} 2");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			{"region":"mars","bytesPeer":1}                      | region must be one this router routes to
			{"bytesPeer":1}                                      | region must be one this router routes to
			{"region":"us-east","bytesPeer":-1}                  | bytesPeer must be between 0 and 750000000
			{"region":"us-east","bytesEdge":750000001}           | bytesEdge must be between 0 and 750000000
			{"region":"us-east","playedSeconds":601}             | playedSeconds must be between 0 and 600
			{"region":"us-east","startupMs":120001}              | startupMs must be between 0 and 120000
			{"region":"us-east","bitrateKbps":10001}             | bitrateKbps must be between 0 and 10000
			""")
	void badReportsAre400AndCountNothing(String body, String detail) {
		expectProblem(post(body), 400).jsonPath("$.detail").isEqualTo(detail);

		assertThat(ServiceAssertions.scrape(this.http)).doesNotContain("region=\"mars\"")
			.doesNotContain(
					"cdn_client_segment_bytes_total{client=\"browser\",region=\"us-east\",source=\"peer\"} 1.0");
	}

	@Test
	void malformedJsonIs400() {
		expectProblem(post("{\"region\":"), 400);
	}

	private WebTestClient.ResponseSpec post(String body) {
		return this.http.post()
			.uri("/v1/listener-reports")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(body)
			.exchange();
	}

}
