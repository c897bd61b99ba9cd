package cdn.protocol.tracker;

import java.util.List;

/**
 * Answer to {@code POST /v1/peers/lookup}, one entry per requested segment in request
 * order.
 *
 * @param segments peers and availability per segment
 */
public record PeerLookupResponse(List<SegmentPeers> segments) {
}
