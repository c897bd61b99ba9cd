package cdn.edge.cache;

/**
 * How a request was answered, sent as {@code X-Cache} and counted as
 * {@code cdn.edge.requests{result}}.
 */
public enum CacheResult {

	/** From a fresh copy in memory or on disk. */
	HIT,

	/** This request fetched the object from the upstream. */
	MISS,

	/**
	 * From an expired copy: being refreshed in the background, or the upstream failed.
	 */
	STALE,

	/** Waited for a fetch that another request started. */
	COALESCED;

	/** Value of the {@code result} metric tag. */
	public String tag() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

}
