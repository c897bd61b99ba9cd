package cdn.client.metrics;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientMetricsTest {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final ClientMetrics metrics = new ClientMetrics(this.registry);

	@Test
	void stallAndPlayTimeAreCountedInSecondsByRegion() {
		this.metrics.played("eu-west", 10);
		this.metrics.played("eu-west", 2.5);
		this.metrics.rebufferSeconds("eu-west", 0.25);

		assertThat(this.registry.get("cdn.client.played.seconds").tag("region", "eu-west").counter().count())
			.isEqualTo(12.5);
		assertThat(this.registry.get("cdn.client.rebuffer.seconds").tag("region", "eu-west").counter().count())
			.isEqualTo(0.25);
		assertThat(this.registry.get("cdn.client.played.seconds").counter().getId().getBaseUnit()).isEqualTo("seconds");
	}

	@Test
	void aRegionThatPlaysWithoutStallsReadsZeroStallsNotNothing() {
		this.metrics.played("ap-south", 4);

		assertThat(this.registry.get("cdn.client.rebuffer.seconds").tag("region", "ap-south").counter().count())
			.isZero();
		assertThat(this.registry.get("cdn.client.rebuffer").tag("region", "ap-south").counter().count()).isZero();
	}

	@Test
	void hashFailuresOfBothSourcesReadZeroBeforeAnyFailure() {
		assertThat(this.registry.get("cdn.client.hash.failures").tag("source", "peer").counter().count()).isZero();
		assertThat(this.registry.get("cdn.client.hash.failures").tag("source", "edge").counter().count()).isZero();

		this.metrics.hashFailure("peer");
		assertThat(this.registry.get("cdn.client.hash.failures").tag("source", "peer").counter().count()).isOne();
	}

}
