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
		// registered up front: a swarm without corrupt bytes reads 0, not no data
		for (String source : new String[] { "peer", "edge" }) {
			Counter.builder("cdn.client.hash.failures").tag("source", source).register(this.registry);
		}
	}

	/**
	 * A listener of {@code region} begins: its region's byte counters are registered at
	 * 0, so that Prometheus sees them before their first bytes ({@code increase()} counts
	 * nothing a counter held at its first scrape).
	 */
	public void joined(String region) {
		for (String source : new String[] { "peer", "edge" }) {
			segmentBytes(source, region, 0);
		}
	}

	public void segmentBytes(String source, String region, long bytes) {
		Counter.builder("cdn.client.segment.bytes")
			.description("Segment bytes a client received, by source")
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

	/**
	 * Seconds spent stalled after startup; over {@link #played} it is the rebuffer ratio.
	 */
	public void rebufferSeconds(String region, double seconds) {
		Counter.builder("cdn.client.rebuffer.seconds")
			.description("Seconds stalled after startup")
			.baseUnit("seconds")
			.tag("region", region)
			.register(this.registry)
			.increment(seconds);
	}

	/**
	 * Seconds since playback began, stalls included: the rebuffer ratio's denominator.
	 * Registers the region's stall counters too, so that a region without stalls reads 0
	 * rather than no data.
	 */
	public void played(String region, double seconds) {
		Counter.builder("cdn.client.rebuffer").tag("region", region).register(this.registry);
		rebufferSeconds(region, 0);
		Counter.builder("cdn.client.played.seconds")
			.description("Seconds since playback began, stalls included")
			.baseUnit("seconds")
			.tag("region", region)
			.register(this.registry)
			.increment(seconds);
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
