package cdn.protocol.edge;

import java.util.Locale;

/**
 * How an edge answered a request: the value of its {@code X-Cache} header, and of the
 * {@code result} tag of {@code cdn.edge.requests}.
 */
public enum CacheStatus {

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

	/** The response header that carries the status. */
	public static final String HEADER = "X-Cache";

	/** Value of the {@code result} metric tag. */
	public String tag() {
		return name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Whether the edge had the bytes without an upstream fetch of its own for this
	 * request.
	 */
	public boolean servedFromCache() {
		return this != MISS;
	}

	/**
	 * The status a header value names, or {@code null} for anything else (absent,
	 * unknown).
	 */
	public static CacheStatus parse(String header) {
		if (header == null) {
			return null;
		}
		for (CacheStatus status : values()) {
			if (status.name().equalsIgnoreCase(header.strip())) {
				return status;
			}
		}
		return null;
	}

}
