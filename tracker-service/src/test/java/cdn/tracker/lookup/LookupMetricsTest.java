package cdn.tracker.lookup;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LookupMetricsTest {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final LookupMetrics metrics = new LookupMetrics(this.registry, 2);

	@Test
	void segmentsAreCountedByRegionAndHolderBucket() {
		this.metrics.segment("eu-west", 0);
		this.metrics.segment("eu-west", 1);
		this.metrics.segment("eu-west", 2);
		this.metrics.segment("eu-west", 4);
		this.metrics.segment("eu-west", 5);
		this.metrics.segment("eu-west", 300);

		assertThat(count("eu-west", "0")).isEqualTo(1);
		assertThat(count("eu-west", "1")).isEqualTo(1);
		assertThat(count("eu-west", "2-4")).isEqualTo(2);
		assertThat(count("eu-west", "5+")).isEqualTo(2);
	}

	@Test
	void everyBucketOfARegionExistsFromItsFirstLookup() {
		this.metrics.segment("us-east", 3);

		assertThat(this.registry.find("cdn.tracker.lookup.segments").tag("region", "us-east").counters()).hasSize(4);
		assertThat(count("us-east", "0")).isZero();
	}

	@Test
	void regionsBeyondTheLimitAreCountedAsOther() {
		this.metrics.segment("a", 1);
		this.metrics.segment("b", 1);
		this.metrics.segment("c", 1);
		this.metrics.segment("d", 1);
		this.metrics.segment("a", 1);

		assertThat(count("a", "1")).isEqualTo(2);
		assertThat(count("other", "1")).isEqualTo(2);
		assertThat(this.registry.find("cdn.tracker.lookup.segments").counters()).hasSize(3 * 4);
	}

	private double count(String region, String holders) {
		return this.registry.get("cdn.tracker.lookup.segments")
			.tag("region", region)
			.tag("holders", holders)
			.counter()
			.count();
	}

}
