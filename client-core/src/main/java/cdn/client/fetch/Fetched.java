package cdn.client.fetch;

import cdn.client.metrics.Source;

/**
 * Verified bytes of one segment and where they came from.
 *
 * @param edgeCacheHit the edge had them cached (always false from a peer)
 * @param elapsedNanos playback-clock time from asking to having them
 */
public record Fetched(byte[] bytes, Source source, boolean edgeCacheHit, long elapsedNanos) {

	Fetched withElapsed(long nanos) {
		return new Fetched(this.bytes, this.source, this.edgeCacheHit, nanos);
	}

}
