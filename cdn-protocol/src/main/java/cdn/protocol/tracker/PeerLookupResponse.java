package cdn.protocol.tracker;

import java.util.List;

/**
 * Answer to {@code POST /v1/peers/lookup}, one entry per requested segment in request
 * order.
 *
 * @param segments peers and availability per segment
 * @param p2p {@code false}: P2P is switched off for the requester (see
 * {@link AnnounceResponse#p2p()}); the segments name no peer. Absent: on
 */
public record PeerLookupResponse(List<SegmentPeers> segments, Boolean p2p) {

	public PeerLookupResponse(List<SegmentPeers> segments) {
		this(segments, null);
	}

	/** Whether P2P is on for the requester: absent means on. */
	public boolean p2pOn() {
		return !Boolean.FALSE.equals(this.p2p);
	}

}
