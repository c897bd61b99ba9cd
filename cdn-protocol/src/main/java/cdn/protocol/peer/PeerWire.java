package cdn.protocol.peer;

import cdn.protocol.SegmentId;

/**
 * The peer wire protocol over HTTP: {@code GET {endpoint}/p2p/segments/{segmentId}}
 * answers the bytes, {@code 404} when the peer does not hold them,
 * {@code 429}/{@code 503} when it is busy. Over WebRTC the same request and response are
 * framed on a DataChannel.
 */
public final class PeerWire {

	/** Path prefix of a segment on a peer; the segment id follows. */
	public static final String SEGMENTS_PATH = "/p2p/segments/";

	private PeerWire() {
	}

	/** The path of a segment on a peer. */
	public static String segmentPath(SegmentId segment) {
		return SEGMENTS_PATH + segment.value();
	}

}
