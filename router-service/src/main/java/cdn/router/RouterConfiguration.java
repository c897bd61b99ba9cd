package cdn.router;

import java.time.Clock;
import java.util.HashSet;
import java.util.Set;

import cdn.router.config.RouterProperties;
import cdn.router.edge.EdgeRegistry;
import cdn.router.edge.HealthPolicy;
import cdn.router.health.EdgeHealthMonitor;
import cdn.router.health.EdgeProber;
import cdn.router.health.EdgeProbesHealthIndicator;
import cdn.router.health.HttpEdgeProber;
import cdn.router.routing.EdgeRanker;
import cdn.router.routing.EdgeRouter;
import cdn.router.routing.LatencyMatrix;
import cdn.router.routing.RegionResolver;
import cdn.router.routing.RoutingMetrics;
import cdn.router.routing.SubnetTable;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the registry, the health monitor that feeds it, and the routing that reads it;
 * discovery (the registry's other writer) is in {@code cdn.router.discovery}.
 */
@Configuration(proxyBeanMethods = false)
class RouterConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	EdgeRegistry edgeRegistry(RouterProperties properties, Clock clock) {
		RouterProperties.Health health = properties.health();
		RouterProperties.Routing routing = properties.routing();
		return new EdgeRegistry(clock, new HealthPolicy(health.failuresToDown(), health.successesToUp(),
				routing.spillLoad(), routing.recoverLoad()));
	}

	@Bean(destroyMethod = "close")
	HttpEdgeProber edgeProber(RouterProperties properties) {
		return new HttpEdgeProber(properties.health());
	}

	@Bean
	EdgeHealthMonitor edgeHealthMonitor(EdgeRegistry registry, EdgeProber prober, RouterProperties properties) {
		return new EdgeHealthMonitor(registry, prober, properties.health().interval());
	}

	@Bean
	EdgeProbesHealthIndicator edgeProbesHealthIndicator(EdgeHealthMonitor monitor, EdgeRegistry registry) {
		return new EdgeProbesHealthIndicator(monitor, registry);
	}

	@Bean
	RoutingMetrics routingMetrics(MeterRegistry meterRegistry, EdgeRegistry registry) {
		RoutingMetrics metrics = new RoutingMetrics(meterRegistry);
		registry.onChange(metrics::edgesChanged);
		return metrics;
	}

	@Bean
	EdgeRouter edgeRouter(EdgeRegistry registry, RouterProperties properties, RoutingMetrics metrics) {
		LatencyMatrix latency = new LatencyMatrix(properties.routing().latency());
		Set<String> configured = new HashSet<>(latency.regions());
		configured.addAll(properties.subnets().keySet());
		if (properties.discovery() == RouterProperties.Discovery.STATIC) {
			properties.edges().forEach((edge) -> configured.add(edge.region()));
		}
		RegionResolver regions = new RegionResolver(properties.defaultRegion(), new SubnetTable(properties.subnets()),
				properties.trustForwardedFor(), configured);
		return new EdgeRouter(registry, regions, new EdgeRanker(latency, properties.routing().maxEdges()), metrics);
	}

}
