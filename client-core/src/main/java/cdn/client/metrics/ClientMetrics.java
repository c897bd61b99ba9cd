package cdn.client.metrics;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The client metrics of ARCHITECTURE.md; tags are low-cardinality (no peer ids, no URLs).
 */
public final class ClientMetrics {

	private final MeterRegistry registry;

	public ClientMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	public void segmentBytes(String source, String region, long bytes) {
		Counter.builder("cdn.client.segment.bytes")
			.baseUnit("bytes")
			.tag("source", source)
			.tag("region", region)
			.register(this.registry)
			.increment(bytes);
	}

	public void segmentFetch(String source, String outcome, Duration elapsed) {
		Timer.builder("cdn.client.segment.fetch")
			.tag("source", source)
			.tag("outcome", outcome)
			.register(this.registry)
			.record(elapsed);
	}

	public void startup(String region, Duration startup) {
		Timer.builder("cdn.client.startup")
			.tag("region", region)
			.publishPercentiles(0.5, 0.95)
			.register(this.registry)
			.record(startup);
	}

	public void rebuffer(String region) {
		Counter.builder("cdn.client.rebuffer").tag("region", region).register(this.registry).increment();
	}

	public void bitrate(String region, long kbps) {
		DistributionSummary.builder("cdn.client.bitrate")
			.baseUnit("kbps")
			.tag("region", region)
			.register(this.registry)
			.record(kbps);
	}

	public void hashFailure(String source) {
		Counter.builder("cdn.client.hash.failures").tag("source", source).register(this.registry).increment();
	}

}
