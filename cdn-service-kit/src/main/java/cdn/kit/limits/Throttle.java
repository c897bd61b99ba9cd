package cdn.kit.limits;

import com.github.benmanes.caffeine.cache.Ticker;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.TimeMeter;

/**
 * One token bucket (Bucket4j) for something that is already one key, such as a WebSocket
 * connection's frames; {@link RateLimiter} holds one per key. Thread-safe.
 */
public final class Throttle {

	private final Bucket bucket;

	/**
	 * @param ticker the time in nanoseconds ({@link Ticker#systemTicker()}; tests move a
	 * fake one)
	 */
	public Throttle(RateLimit limit, Ticker ticker) {
		this.bucket = limit.enabled() ? limit.newBucket(timeMeter(ticker)) : null;
	}

	/** On the system's monotonic time. */
	public static Throttle of(RateLimit limit) {
		return new Throttle(limit, Ticker.systemTicker());
	}

	/** Takes one token if there is one. */
	public Admission tryAcquire() {
		if (this.bucket == null) {
			return Admission.ALLOWED;
		}
		ConsumptionProbe probe = this.bucket.tryConsumeAndReturnRemaining(1);
		return probe.isConsumed() ? Admission.ALLOWED : Admission.refused(probe.getNanosToWaitForRefill());
	}

	static TimeMeter timeMeter(Ticker ticker) {
		return new TimeMeter() {

			@Override
			public long currentTimeNanos() {
				return ticker.read();
			}

			@Override
			public boolean isWallClockBased() {
				return false;
			}

		};
	}

}
