package cdn.client.play;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ThroughputEstimatorTest {

	@Test
	void averagesSamplesWithMoreWeightOnTheNewest() {
		ThroughputEstimator estimator = new ThroughputEstimator();
		assertThat(estimator.kbps()).isEqualTo(-1);
		estimator.sample(125_000, 1_000_000_000L);
		assertThat(estimator.kbps()).isCloseTo(1000, within(1e-6));
		estimator.sample(12_500, 1_000_000_000L);
		assertThat(estimator.kbps()).isCloseTo(0.3 * 100 + 0.7 * 1000, within(1e-6));
	}

}
