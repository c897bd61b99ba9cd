package cdn.tracker.announce;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * The interval handed to an announcing peer: the configured one, moved by up to
 * {@code ±jitter} of itself at random, so that peers that joined together spread their
 * next announces.
 */
final class AnnounceInterval {

	private final long seconds;

	private final double jitter;

	private final RandomGenerator random;

	AnnounceInterval(Duration interval, double jitter, RandomGenerator random) {
		this.seconds = interval.toSeconds();
		this.jitter = jitter;
		this.random = random;
	}

	int next() {
		double factor = 1 + this.jitter * (2 * this.random.nextDouble() - 1);
		return (int) Math.max(1, Math.round(this.seconds * factor));
	}

}
