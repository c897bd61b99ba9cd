package cdn.client.play;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class ThroughputEstimatorTest {

	private static final long SECOND = 1_000_000_000L;

	@Test
	void startsAtTheFirstSample() {
		ThroughputEstimator estimator = new ThroughputEstimator();
		assertThat(estimator.kbps()).isEqualTo(-1);
		estimator.sample(125_000, SECOND, 4);
		assertThat(estimator.kbps()).isCloseTo(1000, within(1e-6));
	}

	@Test
	void weighsSamplesByTransferTime() {
		ThroughputEstimator shortSlow = new ThroughputEstimator();
		shortSlow.sample(125_000, SECOND, 4);
		shortSlow.sample(1_250, 100_000_000L, 4);
		ThroughputEstimator longSlow = new ThroughputEstimator();
		longSlow.sample(125_000, SECOND, 4);
		longSlow.sample(37_500, 3 * SECOND, 4);
		// both samples are 100 kbit/s; 3 s of transfer is one fast half-life, 0.1 s is
		// little
		assertThat(longSlow.kbps()).isCloseTo(550, within(1e-6));
		assertThat(shortSlow.kbps()).isGreaterThan(970);
	}

	@Test
	void trustsTheLowerOfTheFastAndSlowAverage() {
		ThroughputEstimator estimator = new ThroughputEstimator();
		estimator.sample(125_000, SECOND, 4);
		estimator.sample(3 * 1_250_000, 3 * SECOND, 4);
		// 10 Mbit/s for one fast half-life: the fast average is half way, the slow one
		// lags
		assertThat(estimator.kbps()).isCloseTo(1000 + 9000 * (1 - Math.pow(0.5, 3 / 9.0)), within(1e-6));
	}

	@Test
	void aTransferSlowerThanRealTimeCapsTheEstimateAtOnce() {
		ThroughputEstimator estimator = new ThroughputEstimator();
		estimator.sample(1_250_000, SECOND, 4);
		// 4 s of media at 256 kbit/s took 8 s: 128 kbit/s
		estimator.sample(128_000, 8 * SECOND, 4);
		assertThat(estimator.kbps()).isCloseTo(128, within(1e-6));
		// a transfer less than 1.5× slower than real time only averages
		ThroughputEstimator averaging = new ThroughputEstimator();
		averaging.sample(1_250_000, SECOND, 4);
		averaging.sample(112_000, 7 * SECOND, 5);
		assertThat(averaging.kbps()).isGreaterThan(1000);
	}

}
