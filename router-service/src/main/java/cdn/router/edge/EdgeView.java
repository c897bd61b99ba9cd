package cdn.router.edge;

import java.time.Instant;

/**
 * An immutable picture of one edge at the time of the last snapshot.
 *
 * @param url base URL
 * @param region the region it serves
 * @param state health after the last probes
 * @param load last reported load in [0, 1]
 * @param overloaded whether the load crossed the spill level and has not yet fallen below
 * the recover level
 * @param lastCheck when it was last probed; {@code null} before the first probe
 * @param since when it entered its current state
 * @param reason the last probe's outcome, e.g. {@code ready} or
 * {@code connection refused}
 */
public record EdgeView(String url, String region, HealthState state, double load, boolean overloaded, Instant lastCheck,
		Instant since, String reason) {

	public boolean healthy() {
		return this.state == HealthState.UP;
	}

}
