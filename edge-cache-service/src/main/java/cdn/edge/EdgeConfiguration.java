package cdn.edge;

import java.time.Clock;
import java.time.Duration;

import cdn.edge.cache.DiskTier;
import cdn.edge.cache.EdgeCache;
import cdn.edge.cache.TrackDemand;
import cdn.edge.config.EdgeProperties;
import cdn.edge.takedown.Takedowns;
import cdn.edge.upstream.UpstreamClient;
import cdn.kit.signedurl.SignedUrlGate;
import cdn.kit.web.AdminAuth;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.http.client.ReactorResourceFactory;
import org.springframework.context.annotation.Configuration;

/** Wires the cache tiers and the upstream client from {@link EdgeProperties}. */
@Configuration(proxyBeanMethods = false)
class EdgeConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	/**
	 * Server event loops owned by this application rather than the JVM-wide ones, which
	 * the first application context to close would dispose for every other one (several
	 * edges run in one JVM in the tier tests).
	 */
	@Bean
	ReactorResourceFactory reactorResourceFactory() {
		ReactorResourceFactory factory = new ReactorResourceFactory();
		factory.setUseGlobalResources(false);
		// requests are drained by the graceful shutdown before the loops go
		factory.setShutdownQuietPeriod(Duration.ofMillis(100));
		return factory;
	}

	/**
	 * The admin bearer token of {@code /v1/admin/*}; without one, the admin API is off.
	 */
	@Bean
	AdminAuth adminAuth(EdgeProperties properties) {
		return new AdminAuth(properties.adminToken(), "edge.admin-token", "admin API");
	}

	@Bean
	UpstreamClient upstreamClient(EdgeProperties properties, MeterRegistry registry,
			ObjectProvider<ObservationRegistry> observations, SignedUrlGate signatures) {
		return new UpstreamClient(properties, registry, observations.getIfAvailable(() -> ObservationRegistry.NOOP),
				signatures);
	}

	@Bean
	TrackDemand trackDemand() {
		return new TrackDemand();
	}

	/** The tracks taken down at this edge: in memory, per edge (issue 16). */
	@Bean
	Takedowns takedowns() {
		return new Takedowns();
	}

	@Bean
	EdgeCache edgeCache(UpstreamClient upstream, TrackDemand demand, Takedowns takedowns, Clock clock,
			EdgeProperties properties, MeterRegistry registry) {
		EdgeProperties.Disk disk = properties.cache().disk();
		DiskTier diskTier = disk.enabled() ? new DiskTier(disk.directory(), disk.maxSize().toBytes(),
				EdgeCache.evictions(registry, "disk")::increment) : null;
		return new EdgeCache(upstream, diskTier, demand, takedowns, clock, properties.cache(), registry);
	}

}
