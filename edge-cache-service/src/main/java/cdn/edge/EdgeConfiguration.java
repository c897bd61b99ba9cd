package cdn.edge;

import java.time.Clock;

import cdn.edge.cache.DiskTier;
import cdn.edge.cache.EdgeCache;
import cdn.edge.cache.TrackDemand;
import cdn.edge.upstream.UpstreamClient;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires the cache tiers and the upstream client from {@link EdgeProperties}. */
@Configuration(proxyBeanMethods = false)
class EdgeConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	@Bean
	UpstreamClient upstreamClient(EdgeProperties properties, MeterRegistry registry) {
		return new UpstreamClient(properties, registry);
	}

	@Bean
	TrackDemand trackDemand() {
		return new TrackDemand();
	}

	@Bean
	EdgeCache edgeCache(UpstreamClient upstream, TrackDemand demand, Clock clock, EdgeProperties properties,
			MeterRegistry registry) {
		EdgeProperties.Disk disk = properties.cache().disk();
		DiskTier diskTier = disk.enabled() ? new DiskTier(disk.directory(), disk.maxSize().toBytes(),
				EdgeCache.evictions(registry, "disk")::increment) : null;
		return new EdgeCache(upstream, diskTier, demand, clock, properties.cache(), registry);
	}

}
