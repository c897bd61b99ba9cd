package cdn.client.play;

import java.util.Arrays;

/**
 * A listener's playback, without decoding: which segments are buffered, where the
 * playhead is, and how long the listener waited. Startup is the time from {@link #start}
 * until the first segment is buffered; a rebuffer is any later moment the playhead
 * reaches a segment that is not buffered. A live track's playback grows: segments are
 * {@linkplain #append appended} as its playlist slides, and reaching the end of the known
 * segments is a stall (the live edge) until the playback is {@linkplain #complete
 * complete}. Not thread-safe: one listener drives it from one thread.
 */
public final class PlaybackState {

	private static final long NANOS = 1_000_000_000L;

	private double[] durations;

	private double[] starts;

	private boolean[] buffered;

	private int count;

	/** Whether no segment will be appended: the end of the last one is the end. */
	private boolean complete;

	private long startNanos = -1;

	private long playingSinceNanos = -1;

	private long lastAdvanceNanos;

	private double playhead;

	private boolean stalled;

	private long stallNanos;

	private int stallEvents;

	private long finishedNanos = -1;

	/** The playback of a track on demand: all of its segments. */
	public PlaybackState(double[] durations) {
		this(durations, true);
	}

	/**
	 * @param complete false for a live track: more segments will be appended
	 */
	public PlaybackState(double[] durations, boolean complete) {
		this.durations = new double[0];
		this.starts = new double[0];
		this.buffered = new boolean[0];
		append(durations);
		this.complete = complete;
	}

	/** Segments that follow the known ones (a live playlist slid). */
	public void append(double[] more) {
		int total = this.count + more.length;
		if (total > this.durations.length) {
			int capacity = Math.max(total, this.durations.length * 2);
			this.durations = Arrays.copyOf(this.durations, capacity);
			this.starts = Arrays.copyOf(this.starts, capacity);
			this.buffered = Arrays.copyOf(this.buffered, capacity);
		}
		for (double duration : more) {
			this.starts[this.count] = (this.count == 0) ? 0
					: this.starts[this.count - 1] + this.durations[this.count - 1];
			this.durations[this.count] = duration;
			this.count++;
		}
	}

	/** No segment will be appended any more: playback ends after the last one. */
	public void complete() {
		this.complete = true;
	}

	public boolean isComplete() {
		return this.complete;
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
			double segmentEnd = this.starts[index] + this.durations[index];
			if (index == this.count - 1 && this.playhead >= segmentEnd) {
				// at the end of the known segments: the end, or the live edge
				if (this.complete) {
					this.finishedNanos = nowNanos - remaining;
				}
				else {
					stall(remaining);
				}
				return;
			}
			if (!this.buffered[index]) {
				stall(remaining);
				return;
			}
			this.stalled = false;
			long untilEnd = (long) Math.ceil((segmentEnd - this.playhead) * NANOS);
			long step = Math.min(remaining, untilEnd);
			this.playhead = Math.min(segmentEnd, this.playhead + (double) step / NANOS);
			remaining -= step;
			if (step == untilEnd) {
				this.playhead = segmentEnd;
				if (index == this.count - 1 && this.complete) {
					this.finishedNanos = nowNanos - remaining;
				}
			}
		}
	}

	private void stall(long nanos) {
		if (!this.stalled) {
			this.stalled = true;
			this.stallEvents++;
		}
		this.stallNanos += nanos;
	}

	/** Marks a segment playable; advances first so a stall ends exactly now. */
	public void onBuffered(int index, long nowNanos) {
		advance(nowNanos);
		this.buffered[index] = true;
		if (this.playingSinceNanos < 0 && index == 0 && this.startNanos >= 0) {
			this.playingSinceNanos = nowNanos;
			this.lastAdvanceNanos = nowNanos;
		}
		if (this.stalled && index == segmentAt(this.playhead)
				&& this.playhead < this.starts[index] + this.durations[index]) {
			this.stalled = false;
		}
	}

	public int segmentCount() {
		return this.count;
	}

	/** The first segment at or after the playhead that is not buffered, or -1. */
	public int nextMissing() {
		for (int i = segmentAt(this.playhead); i < this.count; i++) {
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
		for (int i = index; i < this.count && this.buffered[i]; i++) {
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
		for (int i = this.count - 1; i > 0; i--) {
			if (position >= this.starts[i]) {
				return i;
			}
		}
		return 0;
	}

}
