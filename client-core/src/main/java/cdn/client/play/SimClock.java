package cdn.client.play;

/**
 * The client's time, injected everywhere so that no part of the client reads the system
 * clock itself. {@link #nanos()} is playback (media) time; {@link #wallNanos()} is the
 * time network transfers and floors on tracker traffic are measured in. The real clock
 * runs playback {@code speed} times faster than the wall clock, so a swarm can play a
 * minute of audio in seconds; tests and an event-driven simulator use a manual one, where
 * both readings are the same virtual time.
 */
public interface SimClock {

	/** Playback time in nanoseconds. */
	long nanos();

	/**
	 * Wall time in nanoseconds, from an arbitrary origin (as {@link System#nanoTime()}).
	 */
	long wallNanos();

	/**
	 * Converts a simulated duration to wall-clock nanoseconds (for timers and delays).
	 */
	long toWallNanos(long simNanos);

	static SimClock scaled(double speed) {
		if (!(speed > 0)) {
			throw new IllegalArgumentException("speed must be positive");
		}
		long origin = System.nanoTime();
		return new SimClock() {
			@Override
			public long nanos() {
				return (long) ((System.nanoTime() - origin) * speed);
			}

			@Override
			public long wallNanos() {
				return System.nanoTime();
			}

			@Override
			public long toWallNanos(long simNanos) {
				return (long) (simNanos / speed);
			}
		};
	}

	/** A clock tests move by hand; wall time and playback time are one. */
	final class Manual implements SimClock {

		/** Moved by the test's thread, read by the listener's and the network's. */
		private volatile long now;

		@Override
		public long nanos() {
			return this.now;
		}

		@Override
		public long wallNanos() {
			return this.now;
		}

		@Override
		public long toWallNanos(long simNanos) {
			return simNanos;
		}

		public void advanceMillis(long millis) {
			this.now += millis * 1_000_000L;
		}

	}

}
