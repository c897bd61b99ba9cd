package cdn.protocol.tracker;

import java.util.List;

/**
 * The peers for one segment of a batched lookup.
 *
 * @param segment the segment id
 * @param availability how many live peers hold it (fetch rare segments first)
 * @param peers the chosen peers, best first
 * @param loading peers of the requester's region loading it now (a claim granted and not
 * yet expired), not yet among its holders; only when the lookup carried {@code claim}
 * @param claimed whether the requester holds the claim to load it (granted by this lookup
 * or an earlier one); only when the lookup carried {@code claim} (both left out of the
 * JSON when absent)
 */
public record SegmentPeers(String segment, long availability, List<PeerEntry> peers, List<PeerEntry> loading,
		Boolean claimed) {

	/** Holders only, as a lookup without {@code claim} answers. */
	public SegmentPeers(String segment, long availability, List<PeerEntry> peers) {
		this(segment, availability, peers, null, null);
	}

	/** Peers loading it, never null. */
	public List<PeerEntry> loadingPeers() {
		return (this.loading != null) ? this.loading : List.of();
	}

	/** Whether the requester is the one to load it. */
	public boolean claimedByRequester() {
		return Boolean.TRUE.equals(this.claimed);
	}

}
