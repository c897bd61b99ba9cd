package cdn.client.listener;

import cdn.client.metrics.Tally;

/**
 * What one playback of one track measured.
 *
 * @param peerId the listener
 * @param trackId the track
 * @param region the listener's region
 * @param startupMillis time to first audio, or -1 if it never started
 * @param playedMillis play time including stalls
 * @param stallMillis time spent stalled after startup
 * @param stallEvents stalls after startup
 * @param bytesPeer segment bytes received from peers (verified)
 * @param bytesEdge segment bytes received from edges
 * @param bytesEdgeHit edge bytes the edge served from its cache
 * @param hashFailures segments rejected by the SHA-256 check
 * @param bitrateSwitches rendition changes
 * @param bitrateSecondsKbps sum over buffered segments of kbps × seconds
 * @param mediaSeconds seconds of media buffered
 * @param segments segments fetched
 * @param trackerRequests requests sent to the tracker
 * @param edgeFailovers edge switches after a failure
 * @param failure why the playback failed, or {@code null}
 */
public record ListenerResult(String peerId, String trackId, String region, long startupMillis, long playedMillis,
		long stallMillis, int stallEvents, long bytesPeer, long bytesEdge, long bytesEdgeHit, int hashFailures,
		int bitrateSwitches, double bitrateSecondsKbps, double mediaSeconds, int segments, long trackerRequests,
		int edgeFailovers, String failure) {

	/**
	 * The figures of a playback that ended, from its last {@link Progress} and the counts
	 * only the end has.
	 */
	static ListenerResult of(String peerId, String trackId, String region, Progress last, int stallEvents, Tally tally,
			int bitrateSwitches, int edgeFailovers, String failure) {
		return new ListenerResult(peerId, trackId, region, last.startupMillis(), last.playedMillis(),
				last.stallMillis(), stallEvents, last.bytesPeer(), last.bytesEdge(), last.bytesEdgeHit(),
				tally.hashFailures(), bitrateSwitches, tally.bitrateSecondsKbps(), tally.mediaSeconds(),
				tally.segments(), tally.trackerRequests(), edgeFailovers, failure);
	}

	public boolean failed() {
		return this.failure != null;
	}

}
