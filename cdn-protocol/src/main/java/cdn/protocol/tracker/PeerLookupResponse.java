package cdn.protocol.tracker;

import java.util.List;

/**
 * Answer to {@code POST /v1/peers/lookup}, one entry per requested segment in request
 * order.
 *
 * @param segments peers and availability per segment
 * @param p2p {@code false}: P2P is switched off for the requester (see
 * {@link AnnounceResponse#p2p()}); the segments name no peer. Absent: on
 * @param degraded {@code true}: the tracker's peer store failed or was late, so the
 * segments name no peer for that reason, not because nobody holds them (a listener asks
 * the peers it knows instead). Absent: the store answered
 */
public record PeerLookupResponse(List<SegmentPeers> segments, Boolean p2p, Boolean degraded) {

	public PeerLookupResponse(List<SegmentPeers> segments) {
		this(segments, null, null);
	}

	public PeerLookupResponse(List<SegmentPeers> segments, Boolean p2p) {
		this(segments, p2p, null);
	}

	/** Whether the answer is empty because the tracker's store did not answer. */
	public boolean storeDegraded() {
		return Boolean.TRUE.equals(this.degraded);
	}

	/** Whether P2P is on for the requester: absent means on. */
	public boolean p2pOn() {
		return !Boolean.FALSE.equals(this.p2p);
	}

}
