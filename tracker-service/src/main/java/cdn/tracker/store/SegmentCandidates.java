package cdn.tracker.store;

import java.util.List;

import cdn.protocol.SegmentId;

/**
 * Holders sampled for one segment.
 *
 * @param segment the segment
 * @param availability how many peers hold it (every region)
 * @param candidates a sample of its holders, nearest regions first
 */
public record SegmentCandidates(SegmentId segment, long availability, List<Candidate> candidates) {
}
