package cdn.router.discovery;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import cdn.protocol.routing.Route;
import cdn.protocol.routing.RouteEdge;
import cdn.router.StubEdge;
import cdn.router.edge.EdgeRegistry;
import cdn.router.edge.EdgeView;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kubernetes discovery against fabric8's mock API server in CRUD mode, while the router
 * runs: edge pods are added, relabelled, made ready and deleted, and the router's edges
 * and routes follow. Every pod's IP is a loopback address on which one stand-in edge
 * answers, so discovered edges are probed and routed for real.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "router.discovery=kubernetes", "router.kubernetes.namespace=cdn",
				"router.kubernetes.label-selector=app.kubernetes.io/component=edge", "router.kubernetes.port=http",
				"router.health.interval=250ms", "router.health.timeout=200ms" })
@AutoConfigureWebTestClient
class KubernetesDiscoveryIT {

	static final KubernetesMockServer API = new KubernetesMockServer(new Context(), new MockWebServer(),
			new HashMap<>(), new KubernetesCrudDispatcher(), false);

	static final KubernetesClient KUBE;

	static {
		API.init();
		KUBE = API.createClient();
	}

	static final StubEdge EDGE = StubEdge.start();

	@DynamicPropertySource
	static void api(DynamicPropertyRegistry registry) {
		registry.add("router.kubernetes.api-url", () -> KUBE.getConfiguration().getMasterUrl());
	}

	@AfterAll
	static void stop() {
		EDGE.close();
		KUBE.close();
		API.destroy();
	}

	@Autowired
	WebTestClient http;

	@Autowired
	EdgeRegistry registry;

	@Test
	void edgePodsAreFollowedLive_addRelabelReadyDelete() {
		create(pod("edge-a", "127.0.0.1", Map.of("cdn.region", "us-east"), true));
		create(pod("edge-b", "127.0.0.2", Map.of("topology.kubernetes.io/region", "eu-west"), true));
		create(pod("edge-c", "127.0.0.3", Map.of("cdn.region", "us-east"), false));
		create(pod("edge-d", "127.0.0.4", Map.of(), true));
		create(pod("edge-e", "127.0.0.5", Map.of("cdn.region", "Not A Region"), true));
		Pod origin = pod("origin", "127.0.0.6", Map.of("cdn.region", "us-east"), true);
		origin.getMetadata().getLabels().put("app.kubernetes.io/component", "origin");
		create(origin);

		// a and b are edges, d has no region label (default region), c is not ready, e is
		// mislabelled, origin is not selected
		awaitEdges(Map.of(EDGE.url("127.0.0.1"), "us-east", EDGE.url("127.0.0.2"), "eu-west", EDGE.url("127.0.0.4"),
				"us-east"));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(route("eu-west").edges().get(0))
				.isEqualTo(new RouteEdge(EDGE.url("127.0.0.2"), "eu-west", true, 0)));

		KUBE.pods()
			.inNamespace("cdn")
			.withName("edge-b")
			.edit((pod) -> new PodBuilder(pod).editMetadata()
				.removeFromLabels("topology.kubernetes.io/region")
				.addToLabels("cdn.region", "ap-south")
				.endMetadata()
				.build());
		awaitEdges(Map.of(EDGE.url("127.0.0.1"), "us-east", EDGE.url("127.0.0.2"), "ap-south", EDGE.url("127.0.0.4"),
				"us-east"));
		// relabelling keeps the edge's health: it is routed in its new region at once
		assertThat(route("ap-south").edges().get(0).url()).isEqualTo(EDGE.url("127.0.0.2"));

		KUBE.pods()
			.inNamespace("cdn")
			.resource(pod("edge-c", "127.0.0.3", Map.of("cdn.region", "us-east"), true))
			.updateStatus();
		awaitEdges(Map.of(EDGE.url("127.0.0.1"), "us-east", EDGE.url("127.0.0.2"), "ap-south", EDGE.url("127.0.0.3"),
				"us-east", EDGE.url("127.0.0.4"), "us-east"));

		KUBE.pods().inNamespace("cdn").withName("edge-a").delete();
		KUBE.pods().inNamespace("cdn").withName("edge-d").delete();
		awaitEdges(Map.of(EDGE.url("127.0.0.2"), "ap-south", EDGE.url("127.0.0.3"), "us-east"));
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(route("us-east").edges()).extracting(RouteEdge::url)
				.containsExactly(EDGE.url("127.0.0.3"), EDGE.url("127.0.0.2")));
	}

	private void awaitEdges(Map<String, String> regionByUrl) {
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).untilAsserted(() -> {
			Map<String, String> seen = new HashMap<>();
			this.registry.snapshot().edges().forEach((EdgeView edge) -> seen.put(edge.url(), edge.region()));
			assertThat(seen).isEqualTo(regionByUrl);
		});
	}

	private Route route(String region) {
		return this.http.get()
			.uri("/v1/route?region=" + region + "&track=night-drive")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(Route.class)
			.returnResult()
			.getResponseBody();
	}

	private static void create(Pod pod) {
		KUBE.pods().inNamespace("cdn").resource(pod).create();
		// the API server keeps status apart from the object: set it as the kubelet would
		KUBE.pods().inNamespace("cdn").resource(pod).updateStatus();
	}

	private static Pod pod(String name, String ip, Map<String, String> labels, boolean ready) {
		Map<String, String> all = new HashMap<>(labels);
		all.put("app.kubernetes.io/component", "edge");
		return new PodBuilder().withNewMetadata()
			.withName(name)
			.withNamespace("cdn")
			.withLabels(all)
			.endMetadata()
			.withNewSpec()
			.addNewContainer()
			.withName("edge")
			.withImage("hybrid-cdn/edge-cache-service")
			.addNewPort()
			.withName("http")
			.withContainerPort(EDGE.port())
			.endPort()
			.endContainer()
			.endSpec()
			.withNewStatus()
			.withPhase("Running")
			.withPodIP(ip)
			.addNewCondition()
			.withType("Ready")
			.withStatus(ready ? "True" : "False")
			.endCondition()
			.endStatus()
			.build();
	}

}
