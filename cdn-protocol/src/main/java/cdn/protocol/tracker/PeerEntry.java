package cdn.protocol.tracker;

import java.time.Instant;

/**
 * One peer handed to a requester, best first in every list.
 *
 * @param peerId the peer
 * @param endpoint its wire server; fetch {@code {endpoint}/p2p/segments/{segmentId}}
 * @param region its region
 * @param score how good a choice the tracker thinks it is (higher is better; above 1
 * means same region as the requester)
 * @param lastSeen when it last announced
 */
public record PeerEntry(String peerId, String endpoint, String region, double score, Instant lastSeen) {
}
