package cdn.edge.upstream;

/**
 * Bounds retries to a share of fetches (a token bucket: each fetch adds {@code ratio}
 * tokens, each retry takes one, at most {@link #BURST} saved), so an upstream that fails
 * everything sees at most {@code 1 + ratio} times the load instead of twice.
 */
final class RetryBudget {

	/** Retries available at start and after a quiet period. */
	static final double BURST = 10;

	private final double ratio;

	private double tokens = BURST;

	RetryBudget(double ratio) {
		this.ratio = ratio;
	}

	synchronized void onFetch() {
		this.tokens = Math.min(BURST, this.tokens + this.ratio);
	}

	synchronized boolean tryRetry() {
		if (this.tokens >= 1) {
			this.tokens -= 1;
			return true;
		}
		return false;
	}

}
