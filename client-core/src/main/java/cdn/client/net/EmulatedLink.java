package cdn.client.net;

import java.util.concurrent.atomic.AtomicLong;

import cdn.client.play.SimClock;

/**
 * One direction of a listener's access link at a given rate, so that loopback behaves
 * like a network: each transfer is delayed as if sent over a link of {@code kbps}, queued
 * behind the transfers before it (a token bucket without burst). The rate can change at
 * any time (a bandwidth drop); 0 means unlimited.
 */
public final class EmulatedLink {

	private final SimClock clock;

	private volatile long kbps;

	/**
	 * The wall-clock reading ({@link SimClock#wallNanos()}) at which the link is free
	 * again.
	 */
	private final AtomicLong freeAtNanos = new AtomicLong(Long.MIN_VALUE);

	public EmulatedLink(SimClock clock, long kbps) {
		this.clock = clock;
		this.kbps = kbps;
	}

	public long kbps() {
		return this.kbps;
	}

	public void setKbps(long kbps) {
		this.kbps = kbps;
	}

	/**
	 * Books {@code bytes} on the link and returns how long from {@code nowNanos} (a
	 * {@link SimClock#wallNanos()} reading) until they have been transferred.
	 */
	public long reserve(long bytes, long nowNanos) {
		long rate = this.kbps;
		if (rate <= 0) {
			return 0;
		}
		long duration = this.clock.toWallNanos(bytes * 8_000_000L / rate);
		long done = this.freeAtNanos.accumulateAndGet(0, (free, ignored) -> Math.max(free, nowNanos) + duration);
		return done - nowNanos;
	}

}
