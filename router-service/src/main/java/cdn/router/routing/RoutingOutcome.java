package cdn.router.routing;

/**
 * Why the first edge of a route is the one it is; the {@code outcome} tag of
 * {@code cdn.router.decisions}.
 */
public enum RoutingOutcome {

	/** The client's region's own choice for the track (rendezvous top). */
	LOCAL,

	/** Another edge, because the region's choice is overloaded. */
	SPILL,

	/** An edge of another region, because the client's region has no healthy edge. */
	REMOTE,

	/** No healthy edge at all: 503. */
	NO_EDGE;

	public String tag() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
