package cdn.client.metrics;

/**
 * One listener's running counts, for its result and its live progress. Written only from
 * the listener's own worker; the fields read from other threads are volatile.
 */
public final class Tally {

	volatile long bytesPeer;

	volatile long bytesEdge;

	volatile long bytesEdgeHit;

	long uploadedBytes;

	int hashFailures;

	volatile int reportsSent;

	long trackerRequests;

	volatile int segments;

	double bitrateSecondsKbps;

	double mediaSeconds;

	volatile int peerExchanges;

	/** Verified bytes of one segment from a peer. */
	public void peerBytes(long bytes) {
		this.bytesPeer += bytes;
	}

	/** Bytes of one segment from an edge, which had them cached or not. */
	public void edgeBytes(long bytes, boolean cacheHit) {
		this.bytesEdge += bytes;
		if (cacheHit) {
			this.bytesEdgeHit += bytes;
		}
	}

	/** A media segment buffered, in a rendition of {@code kbps}. */
	public void segment(long kbps, double seconds) {
		this.segments++;
		this.bitrateSecondsKbps += kbps * seconds;
		this.mediaSeconds += seconds;
	}

	public void uploaded(long bytes) {
		this.uploadedBytes += bytes;
	}

	public void hashFailure() {
		this.hashFailures++;
	}

	public void reportSent() {
		this.reportsSent++;
	}

	public void trackerRequest() {
		this.trackerRequests++;
	}

	/** A peer answered an exchange with at least one holder. */
	public void peerExchange() {
		this.peerExchanges++;
	}

	public int peerExchanges() {
		return this.peerExchanges;
	}

	public long bytesPeer() {
		return this.bytesPeer;
	}

	public long bytesEdge() {
		return this.bytesEdge;
	}

	public long bytesEdgeHit() {
		return this.bytesEdgeHit;
	}

	public long uploadedBytes() {
		return this.uploadedBytes;
	}

	public int hashFailures() {
		return this.hashFailures;
	}

	public int reportsSent() {
		return this.reportsSent;
	}

	public long trackerRequests() {
		return this.trackerRequests;
	}

	public int segments() {
		return this.segments;
	}

	public double bitrateSecondsKbps() {
		return this.bitrateSecondsKbps;
	}

	public double mediaSeconds() {
		return this.mediaSeconds;
	}

}
