package cdn.client.play;

/**
 * Download throughput in kbit/s as two exponentially weighted moving averages weighted by
 * transfer time (half-lives of 3 s and 9 s of transfer, hls.js's defaults), trusting the
 * lower: a long slow transfer moves the estimate much more than a burst of short fast
 * ones, and the estimate rises more slowly than it falls. A transfer that took much
 * longer than the media it carries (1.5×: a short hiccup is not enough) proves the
 * rendition unsustainable now, so it caps the estimate at once. A listener keeps one per
 * source, so a burst from a peer on the same LAN cannot convince the ABR that the edge
 * path is fast.
 */
public final class ThroughputEstimator {

	static final double FAST_HALF_LIFE_SECONDS = 3;

	static final double SLOW_HALF_LIFE_SECONDS = 9;

	/** A transfer this many times slower than real time caps the estimate. */
	static final double UNSUSTAINABLE = 1.5;

	/** Transfers shorter than this say more about latency than throughput. */
	private static final long MIN_SAMPLE_NANOS = 1_000_000;

	private double fast = -1;

	private double slow = -1;

	/**
	 * @param bytes bytes transferred
	 * @param elapsedNanos how long the transfer took, in simulated time
	 * @param mediaSeconds seconds of media the bytes carry
	 */
	public void sample(long bytes, long elapsedNanos, double mediaSeconds) {
		if (bytes <= 0) {
			return;
		}
		double seconds = Math.max(elapsedNanos, MIN_SAMPLE_NANOS) / 1e9;
		double sample = bytes * 8.0 / 1000 / seconds;
		if (this.fast < 0) {
			this.fast = sample;
			this.slow = sample;
			return;
		}
		this.fast = average(this.fast, sample, seconds, FAST_HALF_LIFE_SECONDS);
		this.slow = average(this.slow, sample, seconds, SLOW_HALF_LIFE_SECONDS);
		if (mediaSeconds > 0 && seconds > UNSUSTAINABLE * mediaSeconds) {
			this.fast = Math.min(this.fast, sample);
			this.slow = Math.min(this.slow, sample);
		}
	}

	private static double average(double estimate, double sample, double weightSeconds, double halfLifeSeconds) {
		double keep = Math.pow(0.5, weightSeconds / halfLifeSeconds);
		return keep * estimate + (1 - keep) * sample;
	}

	/** The estimate, or -1 before the first sample. */
	public double kbps() {
		return (this.fast < 0) ? -1 : Math.min(this.fast, this.slow);
	}

}
