package cdn.protocol.tracker;

import java.util.List;

/**
 * The peers for one segment of a batched lookup.
 *
 * @param segment the segment id
 * @param availability how many live peers hold it (fetch rare segments first)
 * @param peers the chosen peers, best first
 */
public record SegmentPeers(String segment, long availability, List<PeerEntry> peers) {
}
