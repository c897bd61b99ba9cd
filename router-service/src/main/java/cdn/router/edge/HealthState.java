package cdn.router.edge;

/** Where an edge stands after its last probes. Only {@link #UP} edges are routed to. */
public enum HealthState {

	/** Discovered, not probed yet. */
	UNKNOWN,

	/** Ready: routed to. */
	UP,

	/** Failed its probes: not routed to until it passes enough of them again. */
	DOWN;

	/** Lower-case name for JSON and metric tags. */
	public String id() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
