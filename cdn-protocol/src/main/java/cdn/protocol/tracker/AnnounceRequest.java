package cdn.protocol.tracker;

import java.util.List;

/**
 * Body of {@code POST /v1/announce}. A peer sends either its full holding in {@code have}
 * or the change since its last announce in {@code added} and {@code removed}, never both.
 *
 * @param peerId the announcing peer
 * @param trackId the track it plays
 * @param rendition the rendition it holds segments of ({@code a64}, {@code a128},
 * {@code a256})
 * @param region the region it is in
 * @param endpoint absolute http(s) URL of its wire server; clients append
 * {@code /p2p/segments/{segmentId}}
 * @param have every segment id it holds (full form)
 * @param added segment ids gained since the last announce (incremental form)
 * @param removed segment ids dropped since the last announce (incremental form)
 * @param uploadKbps upload capacity it offers to other peers
 * @param uploadedBytes bytes it has uploaded to peers so far
 * @param downloadedBytes bytes it has downloaded from peers so far
 * @param event {@code started}, {@code update} or {@code stopped}
 */
public record AnnounceRequest(String peerId, String trackId, String rendition, String region, String endpoint,
		List<String> have, List<String> added, List<String> removed, Long uploadKbps, Long uploadedBytes,
		Long downloadedBytes, String event) {

	/** A {@code started} announce carrying the full holding. */
	public static AnnounceRequest started(String peerId, String trackId, String rendition, String region,
			String endpoint, List<String> have, long uploadKbps) {
		return new AnnounceRequest(peerId, trackId, rendition, region, endpoint, have, null, null, uploadKbps, 0L, 0L,
				AnnounceEvent.STARTED.id());
	}

	/** An incremental {@code update}. */
	public static AnnounceRequest update(String peerId, String trackId, String rendition, String region,
			String endpoint, List<String> added, List<String> removed, long uploadKbps, long uploadedBytes,
			long downloadedBytes) {
		return new AnnounceRequest(peerId, trackId, rendition, region, endpoint, null, added, removed, uploadKbps,
				uploadedBytes, downloadedBytes, AnnounceEvent.UPDATE.id());
	}

	/** A {@code stopped} announce: the peer leaves. */
	public static AnnounceRequest stopped(String peerId) {
		return new AnnounceRequest(peerId, null, null, null, null, null, null, null, null, null, null,
				AnnounceEvent.STOPPED.id());
	}

}
