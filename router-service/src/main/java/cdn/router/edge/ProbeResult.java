package cdn.router.edge;

/**
 * What one probe of an edge found.
 *
 * @param ready whether the readiness check answered 2xx in time
 * @param reason a short reason for the operator: {@code ready}, or why not
 * @param load the reported load in [0, 1]; {@code null} when the load report could not be
 * read this time (the last known value stays)
 */
public record ProbeResult(boolean ready, String reason, Double load) {

	public static ProbeResult ready(Double load) {
		return new ProbeResult(true, "ready", load);
	}

	public static ProbeResult failed(String reason) {
		return new ProbeResult(false, reason, null);
	}

}
