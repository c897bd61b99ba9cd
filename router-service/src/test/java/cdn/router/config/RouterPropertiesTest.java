package cdn.router.config;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Configuration binds with its documented defaults and refuses what would break routing
 * or the failover bound, naming the property.
 */
class RouterPropertiesTest {

	@Test
	void defaultsAreTheDocumentedOnes() {
		RouterProperties properties = bind(
				Map.of("router.edges[0].url", "http://localhost:8082", "router.edges[0].region", "us-east"));
		assertThat(properties.discovery()).isEqualTo(RouterProperties.Discovery.STATIC);
		assertThat(properties.defaultRegion()).isEqualTo("us-east");
		assertThat(properties.trustForwardedFor()).isFalse();
		assertThat(properties.tracker()).hasToString("http://localhost:8090");
		assertThat(properties.signaling()).hasToString("ws://localhost:8091/v1/signal");
		assertThat(properties.health().interval()).hasSeconds(1);
		assertThat(properties.health().timeout()).hasMillis(500);
		assertThat(properties.health().failuresToDown()).isEqualTo(2);
		assertThat(properties.health().successesToUp()).isEqualTo(2);
		assertThat(properties.routing().spillLoad()).isEqualTo(0.8);
		assertThat(properties.routing().recoverLoad()).isEqualTo(0.7);
		assertThat(properties.routing().maxEdges()).isEqualTo(4);
		assertThat(properties.kubernetes().labelSelector()).isEqualTo("app.kubernetes.io/component=edge");
		assertThat(properties.kubernetes().port()).isEqualTo("http");
		assertThat(properties.kubernetes().regionLabels()).containsExactly("cdn.region",
				"topology.kubernetes.io/region");
		assertThat(properties.adminToken().isEmpty()).isTrue();
		assertThat(properties.admin().originUrl()).hasToString("http://localhost:8081");
		assertThat(properties.admin().trackerUrl()).isEmpty();
		assertThat(properties.admin().edgeToken().isEmpty()).isTrue();
		assertThat(properties.admin().timeout()).hasSeconds(5);
	}

	@Test
	void kubernetesDiscoveryNeedsNoStaticEdgeAndReadsMapsOfRegions() {
		RouterProperties properties = bind(Map.of("router.discovery", "kubernetes", "router.subnets.eu-west[0]",
				"10.2.0.0/16", "router.routing.latency.us-east.eu-west", "80ms"));
		assertThat(properties.discovery()).isEqualTo(RouterProperties.Discovery.KUBERNETES);
		assertThat(properties.subnets()).isEqualTo(Map.of("eu-west", List.of("10.2.0.0/16")));
		assertThat(properties.routing().latency().get("us-east").get("eu-west")).hasMillis(80);
	}

	@Test
	void settingsThatWouldBreakRoutingAreRefused() {
		Map<String, String> edge = Map.of("router.edges[0].url", "http://localhost:8082", "router.edges[0].region",
				"us-east");
		refused(Map.of(), "router.edges must list at least one edge");
		refused(with(edge, "router.health.timeout", "2s"), "router.health.timeout must not exceed");
		refused(with(edge, "router.health.failures-to-down", "0"), "failures-to-down");
		refused(with(edge, "router.routing.max-edges", "1"), "router.routing.max-edges");
		refused(with(edge, "router.routing.recover-load", "0.9"), "recover-load");
		refused(with(edge, "router.default-region", "US East"), "router.default-region");
		refused(with(edge, "router.admin.timeout", "0s"), "router.admin.timeout");
		refused(with(edge, "router.admin.origin-url", "localhost:8081"), "router.admin.origin-url");
		refused(Map.of("router.edges[0].url", "localhost:8082", "router.edges[0].region", "us-east"),
				"absolute http(s) URL");
		refused(with(edge, "router.kubernetes.scheme", "ftp"), "router.kubernetes.scheme");
		refused(with(edge, "router.kubernetes.port", "99999999999"), "router.kubernetes.port");
		refused(with(edge, "router.kubernetes.port", "0"), "router.kubernetes.port");
		refused(with(edge, "router.discovery", "consul"), "router");
	}

	private static Map<String, String> with(Map<String, String> base, String key, String value) {
		Map<String, String> all = new java.util.HashMap<>(base);
		all.put(key, value);
		return all;
	}

	private static void refused(Map<String, String> settings, String reason) {
		assertThatException().isThrownBy(() -> bind(settings))
			.satisfies((ex) -> assertThat(rootMessage(ex)).contains(reason));
	}

	private static String rootMessage(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null) {
			cause = cause.getCause();
		}
		return String.valueOf(cause.getMessage()) + " / " + ex.getMessage();
	}

	private static RouterProperties bind(Map<String, String> settings) {
		return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("router", RouterProperties.class);
	}

}
