package cdn.router.discovery;

import cdn.router.config.RouterProperties;
import cdn.router.edge.EdgeRegistry;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * One edge source, chosen by {@code router.discovery}: the static list (default), or the
 * Kubernetes API. Nothing of Kubernetes is created, and no informer runs, unless
 * discovery is {@code kubernetes}.
 */
@Configuration(proxyBeanMethods = false)
class DiscoveryConfiguration {

	@Bean
	@ConditionalOnProperty(name = "router.discovery", havingValue = "static", matchIfMissing = true)
	StaticEdgeDiscovery staticEdgeDiscovery(RouterProperties properties, EdgeRegistry registry) {
		return new StaticEdgeDiscovery(properties.edges(), registry);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = "router.discovery", havingValue = "kubernetes")
	static class Kubernetes {

		/**
		 * The in-cluster service account or the kubeconfig;
		 * {@code router.kubernetes.api-url} overrides the API server.
		 */
		@Bean(destroyMethod = "close")
		KubernetesClient kubernetesClient(RouterProperties properties) {
			Config config = Config.autoConfigure(null);
			String apiUrl = properties.kubernetes().apiUrl();
			if (!apiUrl.isBlank()) {
				config = new ConfigBuilder(config).withMasterUrl(apiUrl).build();
			}
			return new KubernetesClientBuilder().withConfig(config).build();
		}

		@Bean
		KubernetesEdgeDiscovery kubernetesEdgeDiscovery(KubernetesClient client, RouterProperties properties,
				EdgeRegistry registry) {
			return new KubernetesEdgeDiscovery(client, properties.kubernetes(), properties.defaultRegion(), registry);
		}

	}

}
