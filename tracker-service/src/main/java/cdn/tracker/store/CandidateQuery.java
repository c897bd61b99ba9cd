package cdn.tracker.store;

import java.util.List;

import cdn.protocol.SegmentId;

/**
 * Which holders to sample.
 *
 * @param segments the segments, in the requester's order
 * @param regionOrder regions to sample from first, nearest first (the requester's own
 * region leads); regions not listed follow in any order
 * @param sample holders to return per segment at most
 * @param exclude a peer id never to return (the requester), or {@code null}
 * @param viewer the requester's tenant, region and zones: only holders of groups it
 * {@linkplain HolderGroup.Viewer#sees sees} are returned
 */
public record CandidateQuery(List<SegmentId> segments, List<String> regionOrder, int sample, String exclude,
		HolderGroup.Viewer viewer) {
}
