package cdn.router.listeners;

import java.time.Duration;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The client metrics of ARCHITECTURE.md for browser listeners, with
 * {@code client=browser}: Prometheus sums them with the JVM listeners' (same names, same
 * units) or tells them apart.
 */
class BrowserListenerMetrics {

	private static final String CLIENT = "browser";

	private final MeterRegistry registry;

	BrowserListenerMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	void record(ListenerReport report) {
		String region = report.region();
		segmentBytes("peer", region, value(report.bytesPeer()));
		segmentBytes("edge", region, value(report.bytesEdge()));
		Counter.builder("cdn.client.hash.failures")
			.tag("source", "peer")
			.tag("client", CLIENT)
			.register(this.registry)
			.increment(value(report.hashFailures()));
		counter("cdn.client.rebuffer", null, region).increment(value(report.stalls()));
		counter("cdn.client.rebuffer.seconds", "seconds", region).increment(value(report.stalledSeconds()));
		counter("cdn.client.played.seconds", "seconds", region).increment(value(report.playedSeconds()));
		if (report.startupMs() != null) {
			Timer.builder("cdn.client.startup")
				.tag("region", region)
				.tag("client", CLIENT)
				.publishPercentiles(0.5, 0.95)
				.register(this.registry)
				.record(Duration.ofMillis(report.startupMs()));
		}
		if (report.bitrateKbps() != null && report.bitrateKbps() > 0) {
			DistributionSummary.builder("cdn.client.bitrate")
				.baseUnit("kbps")
				.tag("region", region)
				.tag("client", CLIENT)
				.register(this.registry)
				.record(report.bitrateKbps());
		}
	}

	private void segmentBytes(String source, String region, double bytes) {
		Counter.builder("cdn.client.segment.bytes")
			.baseUnit("bytes")
			.tag("source", source)
			.tag("region", region)
			.tag("client", CLIENT)
			.register(this.registry)
			.increment(bytes);
	}

	private Counter counter(String name, String unit, String region) {
		return Counter.builder(name).baseUnit(unit).tag("region", region).tag("client", CLIENT).register(this.registry);
	}

	private static double value(Number number) {
		return (number != null) ? number.doubleValue() : 0;
	}

}
