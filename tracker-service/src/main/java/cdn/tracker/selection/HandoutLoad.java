package cdn.tracker.selection;

import java.time.Clock;
import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * How often each peer was recently handed to requesters, as a count that halves every
 * half-life. Kept per replica: behind a load balancer each replica sees the same share of
 * lookups, so the ranking it gives is the same. Entries expire after eight half-lives
 * without a hand-out (by then they weigh under 0.4 %) and their number is bounded.
 */
public final class HandoutLoad {

	/** Peers remembered at most; the least recently handed out are forgotten first. */
	static final long MAX_ENTRIES = 1_000_000;

	private final Clock clock;

	private final double halfLifeMillis;

	private final Cache<String, Decaying> counts;

	public HandoutLoad(Clock clock, Duration halfLife) {
		this.clock = clock;
		this.halfLifeMillis = halfLife.toMillis();
		this.counts = Caffeine.newBuilder()
			.maximumSize(MAX_ENTRIES)
			.expireAfterAccess(halfLife.multipliedBy(8))
			.ticker(() -> clock.millis() * 1_000_000L)
			.build();
	}

	/** Recent hand-outs of the peer, decayed to now. */
	public double recent(String peerId) {
		Decaying count = this.counts.getIfPresent(peerId);
		return (count != null) ? count.valueAt(this.clock.millis(), this.halfLifeMillis) : 0;
	}

	public void handedOut(String peerId) {
		this.counts.get(peerId, (key) -> new Decaying()).add(this.clock.millis(), this.halfLifeMillis);
	}

	private static final class Decaying {

		private double value;

		private long at;

		synchronized double valueAt(long now, double halfLife) {
			return (now <= this.at) ? this.value : this.value * Math.pow(0.5, (now - this.at) / halfLife);
		}

		synchronized void add(long now, double halfLife) {
			this.value = valueAt(now, halfLife) + 1;
			this.at = Math.max(this.at, now);
		}

	}

}
