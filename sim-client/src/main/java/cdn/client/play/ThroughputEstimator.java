package cdn.client.play;

/**
 * An exponentially weighted moving average of download throughput in kbit/s. A listener
 * keeps one per source, so a burst from a peer on the same LAN cannot convince the ABR
 * that the edge path is fast.
 */
public final class ThroughputEstimator {

	/** Weight of the newest sample: about the last 4 segments dominate. */
	private static final double ALPHA = 0.3;

	/** Transfers shorter than this say more about latency than throughput. */
	private static final long MIN_SAMPLE_NANOS = 1_000_000;

	private double kbps = -1;

	public void sample(long bytes, long elapsedNanos) {
		if (bytes <= 0) {
			return;
		}
		double sample = bytes * 8.0 / 1000 / (Math.max(elapsedNanos, MIN_SAMPLE_NANOS) / 1e9);
		this.kbps = (this.kbps < 0) ? sample : ALPHA * sample + (1 - ALPHA) * this.kbps;
	}

	/** The estimate, or -1 before the first sample. */
	public double kbps() {
		return this.kbps;
	}

}
