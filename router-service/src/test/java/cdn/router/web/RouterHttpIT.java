package cdn.router.web;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import cdn.kit.test.ServiceAssertions;
import cdn.protocol.routing.Route;
import cdn.protocol.routing.RouteEdge;
import cdn.router.StubEdge;
import cdn.router.discovery.KubernetesEdgeDiscovery;
import cdn.router.edge.EdgeRegistry;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.context.ApplicationContext;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cdn.kit.test.ServiceAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The router over real HTTP with three stand-in edges (two in us-east, one in eu-west),
 * probed every 250 ms: route answers, region resolution, spill on load, play redirect,
 * edge view, bad input, metrics.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.defaults.metrics.export.enabled=true", "router.health.interval=250ms",
				"router.health.timeout=200ms", "router.tracker=http://tracker.test:8090",
				"router.signaling=ws://signaling.test:8091/v1/signal" })
@AutoConfigureWebTestClient
class RouterHttpIT {

	static final StubEdge EAST_1 = StubEdge.start();

	static final StubEdge EAST_2 = StubEdge.start();

	static final StubEdge WEST = StubEdge.start();

	@DynamicPropertySource
	static void edges(DynamicPropertyRegistry registry) {
		registry.add("router.edges[0].url", EAST_1::url);
		registry.add("router.edges[0].region", () -> "us-east");
		registry.add("router.edges[1].url", EAST_2::url);
		registry.add("router.edges[1].region", () -> "us-east");
		registry.add("router.edges[2].url", WEST::url);
		registry.add("router.edges[2].region", () -> "eu-west");
		// the test client connects from loopback: that is eu-west
		registry.add("router.subnets.eu-west[0]", () -> "127.0.0.0/8");
		registry.add("router.subnets.eu-west[1]", () -> "::1/128");
	}

	@AfterAll
	static void stopEdges() {
		List.of(EAST_1, EAST_2, WEST).forEach(StubEdge::close);
	}

	@Autowired
	WebTestClient http;

	@Autowired
	EdgeRegistry registry;

	@Autowired
	ApplicationContext context;

	@LocalServerPort
	int port;

	@BeforeEach
	void allEdgesHealthyAndIdle() {
		List.of(EAST_1, EAST_2, WEST).forEach((edge) -> edge.load(0));
		await().atMost(Duration.ofSeconds(10))
			.pollDelay(Duration.ZERO)
			.pollInterval(Duration.ofMillis(50))
			.until(() -> this.registry.snapshot().healthy().size() == 3
					&& this.registry.snapshot().healthy().stream().allMatch((edge) -> edge.load() == 0));
	}

	@Test
	void routeRanksTheRegionsEdgesThenTheNearestRegionAndNamesTrackerAndSignaling() {
		Route route = route("/v1/route?region=us-east&track=night-drive");
		assertThat(route.region()).isEqualTo("us-east");
		assertThat(route.regionHint()).isNull();
		assertThat(route.track()).isEqualTo("night-drive");
		assertThat(route.edges()).extracting(RouteEdge::region).containsExactly("us-east", "us-east", "eu-west");
		assertThat(route.edges()).extracting(RouteEdge::url)
			.containsExactlyInAnyOrder(EAST_1.url(), EAST_2.url(), WEST.url());
		assertThat(route.edges()).allSatisfy((edge) -> {
			assertThat(edge.healthy()).isTrue();
			assertThat(edge.load()).isZero();
		});
		assertThat(route.tracker()).isEqualTo("http://tracker.test:8090");
		assertThat(route.signaling()).isEqualTo("ws://signaling.test:8091/v1/signal");
		// the same track always leads with the same edge
		for (int i = 0; i < 3; i++) {
			assertThat(route("/v1/route?region=us-east&track=night-drive").edges()).isEqualTo(route.edges());
		}
	}

	@Test
	void routeJsonLeavesOutTheHintWhenTheAskedRegionWasUsed() {
		this.http.get()
			.uri("/v1/route?region=eu-west&track=night-drive")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.cacheControl(CacheControl.noStore())
			.expectBody()
			.jsonPath("$.region")
			.isEqualTo("eu-west")
			.jsonPath("$.regionHint")
			.doesNotExist()
			.jsonPath("$.edges[0].url")
			.isEqualTo(WEST.url())
			.jsonPath("$.edges[0].healthy")
			.isEqualTo(true)
			.jsonPath("$.edges[0].load")
			.isEqualTo(0.0)
			.jsonPath("$.edges.length()")
			.isEqualTo(3);
	}

	@Test
	void anUnknownRegionIsRoutedAsTheDefaultWithAHint() {
		Route route = route("/v1/route?region=mars&track=night-drive");
		assertThat(route.region()).isEqualTo("us-east");
		assertThat(route.regionHint()).isEqualTo("unknown region mars: default region us-east");
		assertThat(route.edges().get(0).region()).isEqualTo("us-east");
	}

	@Test
	void withoutARegionTheClientAddressDecides_andTheHeaderBeatsIt() {
		Route byAddress = route("/v1/route?track=night-drive");
		assertThat(byAddress.region()).isEqualTo("eu-west");
		assertThat(byAddress.regionHint()).contains("client address");

		Route route = this.http.get()
			.uri("/v1/route")
			.header("X-Client-Region", "us-east")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Route.class)
			.returnResult()
			.getResponseBody();
		assertThat(route.region()).isEqualTo("us-east");
		assertThat(route.regionHint()).isNull();
		assertThat(route.track()).isNull();
		assertThat(route.edges()).hasSize(3);
	}

	@Test
	void anOverloadedEdgeSpillsItsTracksToTheNextEdgeUntilItsLoadFalls() {
		String track = trackLeadingOn(EAST_1);
		double spillsBefore = decisions("us-east", "spill");

		EAST_1.load(0.9);
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(route("/v1/route?region=us-east&track=" + track).edges())
				.extracting(RouteEdge::url)
				.containsExactly(EAST_2.url(), WEST.url(), EAST_1.url()));
		assertThat(decisions("us-east", "spill")).isGreaterThan(spillsBefore);

		EAST_1.load(0.1);
		await().atMost(Duration.ofSeconds(5))
			.untilAsserted(() -> assertThat(route("/v1/route?region=us-east&track=" + track).edges().get(0).url())
				.isEqualTo(EAST_1.url()));
	}

	@Test
	void playRedirectsToTheFirstEdgesMasterPlaylist() {
		Route route = route("/v1/route?region=us-east&track=night-drive");
		this.http.get()
			.uri("/play/night-drive?region=us-east")
			.exchange()
			.expectStatus()
			.isFound()
			.expectHeader()
			.location(route.edges().get(0).url() + "/tracks/night-drive/master.m3u8")
			.expectHeader()
			.cacheControl(CacheControl.noStore());
		this.http.get()
			.uri("/play/night-drive?region=us-east&token=a+b/c")
			.exchange()
			.expectStatus()
			.isFound()
			.expectHeader()
			.location(route.edges().get(0).url() + "/tracks/night-drive/master.m3u8?token=a%20b%2Fc");
	}

	@Test
	void edgesListsEveryEdgeWithHealthLoadLastCheckAndReason() {
		this.http.get()
			.uri("/v1/edges")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.length()")
			.isEqualTo(3)
			.jsonPath("$[0].region")
			.isEqualTo("eu-west")
			.jsonPath("$[0].url")
			.isEqualTo(WEST.url())
			.jsonPath("$[0].healthy")
			.isEqualTo(true)
			.jsonPath("$[0].state")
			.isEqualTo("up")
			.jsonPath("$[0].load")
			.isEqualTo(0.0)
			.jsonPath("$[0].reason")
			.isEqualTo("ready")
			.jsonPath("$[0].lastCheck")
			.value(String.class, (lastCheck) -> assertThat(lastCheck).matches("\\d{4}-\\d\\d-\\d\\dT.*Z"));
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "/v1/route?track=Night-Drive, 400", "/v1/route?track=-x, 400", "/v1/route?track=, 400",
			"/v1/route?region=US-EAST, 400", "/v1/route?region=us_east&track=a, 400",
			"/v1/route?region=%2e%2e%2fetc, 400", "/play/Bad.Track, 400", "/play/%2e%2e, 400", "/v1/unknown, 404",
			"/play/, 404" })
	void badInputIsAClientErrorWithAProblemBody(String path, int status) {
		expectProblem(this.http.get().uri(URI.create("http://localhost:" + this.port + path)).exchange(), status);
	}

	@Test
	void aMalformedRegionHeaderIs400() {
		this.http.get()
			.uri("/v1/route?track=a")
			.header("X-Client-Region", "Mars Base")
			.exchange()
			.expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("X-Client-Region must match [a-z0-9-]{1,32}");
	}

	@Test
	void wrongMethodIs405Problem() {
		expectProblem(this.http.post().uri("/v1/route").exchange(), 405);
	}

	@Test
	void decisionsAreCountedByRegionAndOutcome_healthyEdgesGaugedPerRegion() {
		double before = decisions("us-east", "local");
		route("/v1/route?region=us-east&track=night-drive");
		route("/v1/route?region=mars&track=night-drive");
		assertThat(decisions("us-east", "local")).isEqualTo(before + 2);
		String scrape = scrape();
		assertThat(scrape).containsPattern("cdn_router_edges_healthy\\{[^}]*region=\"us-east\"[^}]*} 2.0");
		assertThat(scrape).containsPattern("cdn_router_edges_healthy\\{[^}]*region=\"eu-west\"[^}]*} 1.0");
	}

	@Test
	void staticDiscoveryCreatesNoKubernetesClientAndRunsNoInformer() {
		assertThat(this.context.getBeanNamesForType(KubernetesClient.class)).isEmpty();
		assertThat(this.context.getBeanNamesForType(KubernetesEdgeDiscovery.class)).isEmpty();
	}

	@Test
	void livenessAndReadinessAreUp() {
		this.http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
		this.http.get()
			.uri("/actuator/health/readiness")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.components.edgeProbes.status")
			.isEqualTo("UP")
			.jsonPath("$.components.edgeProbes.details.healthy")
			.isEqualTo(3);
	}

	private Route route(String uri) {
		return this.http.get()
			.uri(uri)
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON)
			.expectBody(Route.class)
			.returnResult()
			.getResponseBody();
	}

	private String trackLeadingOn(StubEdge edge) {
		for (int i = 0;; i++) {
			String track = "track-" + i;
			if (route("/v1/route?region=us-east&track=" + track).edges().get(0).url().equals(edge.url())) {
				return track;
			}
		}
	}

	private double decisions(String region, String outcome) {
		return scrape().lines()
			.filter((line) -> line.startsWith("cdn_router_decisions_total{")
					&& line.contains("region=\"" + region + "\"") && line.contains("outcome=\"" + outcome + "\""))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.findFirst()
			.orElse(0);
	}

	private String scrape() {
		return ServiceAssertions.scrape(this.http);
	}

}
