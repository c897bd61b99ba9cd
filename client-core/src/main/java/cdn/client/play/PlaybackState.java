package cdn.client.play;

/**
 * A listener's playback, without decoding: which segments are buffered, where the
 * playhead is, and how long the listener waited. Startup is the time from {@link #start}
 * until the first segment is buffered; a rebuffer is any later moment the playhead
 * reaches a segment that is not buffered. Not thread-safe: one listener drives it from
 * one thread.
 */
public final class PlaybackState {

	private static final long NANOS = 1_000_000_000L;

	private final double[] durations;

	private final double[] starts;

	private final boolean[] buffered;

	private long startNanos = -1;

	private long playingSinceNanos = -1;

	private long lastAdvanceNanos;

	private double playhead;

	private boolean stalled;

	private long stallNanos;

	private int stallEvents;

	private long finishedNanos = -1;

	public PlaybackState(double[] durations) {
		this.durations = durations.clone();
		this.starts = new double[durations.length];
		this.buffered = new boolean[durations.length];
		double at = 0;
		for (int i = 0; i < durations.length; i++) {
			this.starts[i] = at;
			at += durations[i];
		}
	}

	public void start(long nowNanos) {
		this.startNanos = nowNanos;
		this.lastAdvanceNanos = nowNanos;
	}

	/** Moves the playhead to {@code nowNanos}, stalling where a segment is missing. */
	public void advance(long nowNanos) {
		if (this.startNanos < 0 || isFinished()) {
			return;
		}
		if (this.playingSinceNanos < 0) {
			if (!this.buffered[0]) {
				this.lastAdvanceNanos = nowNanos;
				return;
			}
			this.playingSinceNanos = this.lastAdvanceNanos;
		}
		long remaining = nowNanos - this.lastAdvanceNanos;
		this.lastAdvanceNanos = nowNanos;
		while (remaining > 0 && !isFinished()) {
			int index = segmentAt(this.playhead);
			if (!this.buffered[index]) {
				if (!this.stalled) {
					this.stalled = true;
					this.stallEvents++;
				}
				this.stallNanos += remaining;
				return;
			}
			this.stalled = false;
			double segmentEnd = this.starts[index] + this.durations[index];
			long untilEnd = (long) Math.ceil((segmentEnd - this.playhead) * NANOS);
			long step = Math.min(remaining, untilEnd);
			this.playhead = Math.min(segmentEnd, this.playhead + (double) step / NANOS);
			remaining -= step;
			if (step == untilEnd) {
				this.playhead = segmentEnd;
				if (index == this.durations.length - 1) {
					this.finishedNanos = nowNanos - remaining;
				}
			}
		}
	}

	/** Marks a segment playable; advances first so a stall ends exactly now. */
	public void onBuffered(int index, long nowNanos) {
		advance(nowNanos);
		this.buffered[index] = true;
		if (this.playingSinceNanos < 0 && index == 0 && this.startNanos >= 0) {
			this.playingSinceNanos = nowNanos;
			this.lastAdvanceNanos = nowNanos;
		}
		if (this.stalled && index == segmentAt(this.playhead)) {
			this.stalled = false;
		}
	}

	public int segmentCount() {
		return this.durations.length;
	}

	/** The first segment at or after the playhead that is not buffered, or -1. */
	public int nextMissing() {
		for (int i = segmentAt(this.playhead); i < this.buffered.length; i++) {
			if (!this.buffered[i]) {
				return i;
			}
		}
		return -1;
	}

	/** Media seconds buffered contiguously ahead of the playhead. */
	public double bufferAheadSeconds() {
		int index = segmentAt(this.playhead);
		double ahead = 0;
		for (int i = index; i < this.buffered.length && this.buffered[i]; i++) {
			ahead += (i == index) ? this.starts[i] + this.durations[i] - this.playhead : this.durations[i];
		}
		return ahead;
	}

	/**
	 * Seconds until the playhead needs segment {@code index}; 0 for the first before
	 * startup.
	 */
	public double secondsUntilNeeded(int index) {
		return Math.max(0, this.starts[index] - this.playhead);
	}

	public boolean hasStartedPlaying() {
		return this.playingSinceNanos >= 0;
	}

	public boolean isStalled() {
		return this.stalled;
	}

	public boolean isFinished() {
		return this.finishedNanos >= 0;
	}

	public long startupNanos() {
		return this.playingSinceNanos < 0 ? -1 : this.playingSinceNanos - this.startNanos;
	}

	public long stallNanos() {
		return this.stallNanos;
	}

	public int stallEvents() {
		return this.stallEvents;
	}

	/**
	 * Time since playback began (stalls included), the denominator of the rebuffer ratio.
	 */
	public long playedNanos() {
		if (this.playingSinceNanos < 0) {
			return 0;
		}
		long end = isFinished() ? this.finishedNanos : this.lastAdvanceNanos;
		return Math.max(0, end - this.playingSinceNanos);
	}

	public double playheadSeconds() {
		return this.playhead;
	}

	private int segmentAt(double position) {
		for (int i = this.starts.length - 1; i > 0; i--) {
			if (position >= this.starts[i]) {
				return i;
			}
		}
		return 0;
	}

}
