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
 * @param endpointPin the key its {@code https} endpoint presents
 * ({@link cdn.protocol.peer.PeerWire#isPin}), {@code null} for none
 */
public record PeerEntry(String peerId, String endpoint, String region, double score, Instant lastSeen,
		String endpointPin) {

	/** A peer without a pinned key. */
	public PeerEntry(String peerId, String endpoint, String region, double score, Instant lastSeen) {
		this(peerId, endpoint, region, score, lastSeen, null);
	}

	/** The same peer reached at {@code endpoint}, whose key is {@code pin}. */
	public PeerEntry at(String endpoint, String pin) {
		return new PeerEntry(this.peerId, endpoint, this.region, this.score, this.lastSeen, pin);
	}

}
