package cdn.client.edge;

import cdn.protocol.edge.CacheStatus;

/**
 * Bytes from an edge, with its {@code X-Cache} verdict.
 *
 * @param cacheStatus {@code null} when the edge sent none (e.g. the origin itself)
 */
public record EdgeResponse(byte[] body, CacheStatus cacheStatus) {

	/** The edge had the bytes without fetching them for this request. */
	public boolean cacheHit() {
		return this.cacheStatus != null && this.cacheStatus.servedFromCache();
	}

}
