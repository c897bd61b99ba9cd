package cdn.tracker.store;

import java.time.Duration;
import java.util.List;

import cdn.protocol.SegmentId;

/**
 * Who loads which segment in one region, and a requester's offer to load some.
 *
 * @param segments the segments to name loaders of, in the requester's order
 * @param region the requester's region: claims are per segment and region
 * @param requester the requester's peer id
 * @param offered segments (of {@code segments}) the requester offers to load, preferred
 * first
 * @param max grant at most this many of {@code offered}
 * @param ttl how long a granted claim stands (the loader announces the segment as held
 * well before)
 */
public record ClaimQuery(List<SegmentId> segments, String region, String requester, List<SegmentId> offered, int max,
		Duration ttl) {
}
