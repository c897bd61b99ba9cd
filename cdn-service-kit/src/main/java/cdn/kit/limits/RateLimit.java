package cdn.kit.limits;

import java.time.Duration;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;

/**
 * How much one key (a peer, an address, a connection) may do: {@code perSecond} on
 * average and {@code burst} at once, a token bucket. A rate of zero switches the limit
 * off.
 *
 * @param perSecond requests per second on average, fractions allowed ({@code 0.5}: one
 * every two seconds); {@code 0}: no limit
 * @param burst requests at once, the bucket's size; at least 1 when the limit is on
 */
public record RateLimit(double perSecond, long burst) {

	/** No limit. */
	public static final RateLimit OFF = new RateLimit(0, 0);

	/**
	 * Longest refill time: a key idle this long is full again (bounds how long the state
	 * of a slow, deep bucket is kept).
	 */
	private static final Duration MAX_REFILL = Duration.ofDays(1);

	public RateLimit {
		if (!Double.isFinite(perSecond) || perSecond < 0 || burst < 0) {
			throw new IllegalArgumentException("a rate limit needs a finite rate >= 0 and a burst >= 0");
		}
		if (perSecond > 0 && (burst < 1 || perSecond > 1e9)) {
			throw new IllegalArgumentException("a rate limit that is on needs a burst of at least 1 and a rate of "
					+ "at most 1e9 per second (0 switches it off)");
		}
	}

	public boolean enabled() {
		return this.perSecond > 0;
	}

	/**
	 * How long an empty bucket takes to fill up: a key idle for longer is as if it were
	 * new, so its state need not be kept.
	 */
	public Duration refillTime() {
		double seconds = this.burst / this.perSecond;
		return (seconds >= MAX_REFILL.toSeconds()) ? MAX_REFILL
				: Duration.ofNanos(Math.max(1_000_000L, (long) Math.ceil(seconds * 1e9)));
	}

	/** A full bucket of this limit, on {@code time} (nanoseconds). */
	Bucket newBucket(TimeMeter time) {
		// one token every 1/rate seconds, added greedily (Bucket4j keeps the fraction)
		Duration every = Duration.ofNanos(Math.max(1, Math.round(1e9 / this.perSecond)));
		return Bucket.builder()
			.addLimit((limit) -> limit.capacity(this.burst).refillGreedy(1, every))
			.withCustomTimePrecision(time)
			.build();
	}

	@Override
	public String toString() {
		return enabled() ? this.perSecond + "/s, burst " + this.burst : "off";
	}

}
