package cdn.tracker.announce;

import java.time.Duration;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AnnounceIntervalTest {

	@Test
	void intervalsSpreadWithinTheJitter() {
		AnnounceInterval interval = new AnnounceInterval(Duration.ofSeconds(30), 0.1, new SplittableRandom(7));
		java.util.Set<Integer> seen = new java.util.HashSet<>();
		for (int i = 0; i < 1000; i++) {
			int next = interval.next();
			assertThat(next).isBetween(27, 33);
			seen.add(next);
		}
		assertThat(seen).hasSizeGreaterThan(4);
	}

	@Test
	void noJitterGivesTheInterval() {
		assertThat(new AnnounceInterval(Duration.ofSeconds(30), 0, new SplittableRandom(1)).next()).isEqualTo(30);
	}

}
