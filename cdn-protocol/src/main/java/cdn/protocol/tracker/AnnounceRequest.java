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
 * @param endpointPin the key an {@code https} endpoint must present
 * ({@link cdn.protocol.peer.PeerWire#isPin}), {@code null} for none
 */
public record AnnounceRequest(String peerId, String trackId, String rendition, String region, String endpoint,
		List<String> have, List<String> added, List<String> removed, Long uploadKbps, Long uploadedBytes,
		Long downloadedBytes, String event, String endpointPin) {

	/** An announce without a pinned key. */
	public AnnounceRequest(String peerId, String trackId, String rendition, String region, String endpoint,
			List<String> have, List<String> added, List<String> removed, Long uploadKbps, Long uploadedBytes,
			Long downloadedBytes, String event) {
		this(peerId, trackId, rendition, region, endpoint, have, added, removed, uploadKbps, uploadedBytes,
				downloadedBytes, event, null);
	}

	/** The same announce, its endpoint's key pinned to {@code pin}. */
	public AnnounceRequest pinned(String pin) {
		return new AnnounceRequest(this.peerId, this.trackId, this.rendition, this.region, this.endpoint, this.have,
				this.added, this.removed, this.uploadKbps, this.uploadedBytes, this.downloadedBytes, this.event, pin);
	}

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
