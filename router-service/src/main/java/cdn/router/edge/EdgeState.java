package cdn.router.edge;

import java.time.Instant;

/**
 * The registry's mutable record of one edge, changed only under the registry's lock. A
 * newly discovered edge is {@code UNKNOWN} and not routed to: one good probe makes it
 * {@code UP}, {@link HealthPolicy#failuresToDown()} failed ones in a row {@code DOWN}.
 * After that, {@code UP} needs {@link HealthPolicy#failuresToDown()} failures in a row to
 * go down, and {@code DOWN} needs {@link HealthPolicy#successesToUp()} good probes in a
 * row to come back.
 */
final class EdgeState {

	private final String url;

	private String region;

	private HealthState state = HealthState.UNKNOWN;

	private int failures;

	private int successes;

	private double load;

	private boolean overloaded;

	private Instant lastCheck;

	private Instant since;

	private String reason = "not probed yet";

	EdgeState(Edge edge, Instant discoveredAt) {
		this.url = edge.url();
		this.region = edge.region();
		this.since = discoveredAt;
	}

	Edge edge() {
		return new Edge(this.url, this.region);
	}

	void region(String region) {
		this.region = region;
	}

	/**
	 * Applies one probe; returns whether the state changed.
	 */
	boolean apply(ProbeResult result, Instant now, HealthPolicy policy) {
		this.lastCheck = now;
		this.reason = result.reason();
		HealthState before = this.state;
		if (result.ready()) {
			this.failures = 0;
			this.successes++;
			if (this.state == HealthState.UNKNOWN
					|| (this.state == HealthState.DOWN && this.successes >= policy.successesToUp())) {
				this.state = HealthState.UP;
			}
			if (result.load() != null) {
				load(result.load(), policy);
			}
		}
		else {
			this.successes = 0;
			this.failures++;
			if (this.state != HealthState.DOWN && this.failures >= policy.failuresToDown()) {
				this.state = HealthState.DOWN;
			}
		}
		if (this.state != before) {
			this.since = now;
			return true;
		}
		return false;
	}

	private void load(double reported, HealthPolicy policy) {
		this.load = Double.isNaN(reported) ? 0 : Math.max(0, Math.min(1, reported));
		if (this.load >= policy.spillLoad()) {
			this.overloaded = true;
		}
		else if (this.load < policy.recoverLoad()) {
			this.overloaded = false;
		}
	}

	EdgeView view() {
		return new EdgeView(this.url, this.region, this.state, this.load, this.overloaded, this.lastCheck, this.since,
				this.reason);
	}

}
