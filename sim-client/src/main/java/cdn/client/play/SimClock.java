package cdn.client.play;

/**
 * Simulation time in nanoseconds. The real one runs {@code speed} times faster than the
 * wall clock, so tests can play a minute of audio in seconds; tests of decisions use a
 * manual one.
 */
public interface SimClock {

	long nanos();

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
			public long toWallNanos(long simNanos) {
				return (long) (simNanos / speed);
			}
		};
	}

	/** A clock tests move by hand. */
	final class Manual implements SimClock {

		private long now;

		@Override
		public long nanos() {
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
