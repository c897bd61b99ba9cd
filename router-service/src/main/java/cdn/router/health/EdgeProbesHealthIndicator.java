package cdn.router.health;

import cdn.router.edge.EdgeRegistry;
import cdn.router.edge.EdgeSnapshot;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Part of the router's readiness: {@code OUT_OF_SERVICE} until discovery has delivered
 * its edges and they have been probed once, so that a router that just started is not
 * sent clients it would answer 503. Once probed it stays {@code UP} whatever the edges'
 * health: a router without a healthy edge still answers (503 + {@code Retry-After}),
 * which tells a client more than a router taken out of its Service.
 */
public final class EdgeProbesHealthIndicator implements HealthIndicator {

	private final EdgeHealthMonitor monitor;

	private final EdgeRegistry registry;

	public EdgeProbesHealthIndicator(EdgeHealthMonitor monitor, EdgeRegistry registry) {
		this.monitor = monitor;
		this.registry = registry;
	}

	@Override
	public Health health() {
		EdgeSnapshot snapshot = this.registry.snapshot();
		Health.Builder health = this.monitor.probedAfterDiscovery() ? Health.up()
				: Health.outOfService().withDetail("reason", "edges not discovered and probed yet");
		return health.withDetail("edges", snapshot.edges().size())
			.withDetail("healthy", snapshot.healthy().size())
			.build();
	}

}
