package cdn.router.edge;

/**
 * When probe results change an edge's state: the hysteresis of health (consecutive
 * failures to go down, consecutive successes to come back) and of load (spill at one
 * level, take tracks back below a lower one).
 *
 * @param failuresToDown consecutive failed probes that take an {@code UP} edge down
 * @param successesToUp consecutive good probes that bring a {@code DOWN} edge up
 * @param spillLoad load at or above which an edge is overloaded
 * @param recoverLoad load below which an overloaded edge is no longer overloaded
 */
public record HealthPolicy(int failuresToDown, int successesToUp, double spillLoad, double recoverLoad) {

	public HealthPolicy {
		if (failuresToDown < 1 || successesToUp < 1 || recoverLoad > spillLoad) {
			throw new IllegalArgumentException("invalid health policy");
		}
	}

}
