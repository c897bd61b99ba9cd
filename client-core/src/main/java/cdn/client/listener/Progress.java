package cdn.client.listener;

import cdn.client.metrics.Tally;
import cdn.client.play.PlaybackState;

/**
 * A playback's running figures, published on every tick: what a live report needs before
 * the playback ends ({@link ListenerResult} has the final ones).
 *
 * @param startupMillis time to first audio, -1 until then
 * @param playedMillis play time so far, stalls included
 * @param stallMillis time stalled after startup so far
 * @param bytesPeer verified bytes from peers
 * @param bytesEdge bytes from edges
 * @param bytesEdgeHit edge bytes the edge served from its cache
 * @param finished the playback has ended
 * @param failed it ended in a failure
 */
public record Progress(long startupMillis, long playedMillis, long stallMillis, long bytesPeer, long bytesEdge,
		long bytesEdgeHit, boolean finished, boolean failed) {

	static final Progress NOT_STARTED = new Progress(-1, 0, 0, 0, 0, 0, false, false);

	/**
	 * @param playback {@code null} when the playlists never loaded
	 */
	static Progress of(PlaybackState playback, Tally tally, boolean finished, boolean failed) {
		long startup = (playback != null && playback.startupNanos() >= 0) ? playback.startupNanos() / 1_000_000 : -1;
		return new Progress(startup, (playback != null) ? playback.playedNanos() / 1_000_000 : 0,
				(playback != null) ? playback.stallNanos() / 1_000_000 : 0, tally.bytesPeer(), tally.bytesEdge(),
				tally.bytesEdgeHit(), finished, failed);
	}

}
