package cdn.router.routing;

/**
 * The region a client is routed as.
 *
 * @param region the region
 * @param source where it came from
 * @param hint why it is not the region the client asked for; {@code null} when the client
 * asked for a known region
 */
public record ResolvedRegion(String region, Source source, String hint) {

	/** Where a client's region came from, strongest first. */
	public enum Source {

		/** The {@code region} query parameter. */
		PARAMETER,

		/** The {@code X-Client-Region} header. */
		HEADER,

		/** The client address, by the subnet table. */
		SUBNET,

		/** Nothing matched (or the asked region is unknown). */
		DEFAULT

	}

}
