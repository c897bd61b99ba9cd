package cdn.tracker.store;

import java.time.Duration;
import java.util.List;

import cdn.protocol.SegmentId;

/**
 * Who loads which segment in one holder group, and a requester's offer to load some.
 * Claims are per segment and {@link HolderGroup}: the group the requester announced into,
 * or {@code group} while it has not announced.
 *
 * @param segments the segments to name loaders of, in the requester's order
 * @param group the {@link HolderGroup#key() key} of the requester's group when the store
 * does not know the requester yet
 * @param requester the requester's peer id
 * @param offered segments (of {@code segments}) the requester offers to load, preferred
 * first
 * @param max grant at most this many of {@code offered}
 * @param ttl how long a granted claim stands (the loader announces the segment as held
 * well before)
 */
public record ClaimQuery(List<SegmentId> segments, String group, String requester, List<SegmentId> offered, int max,
		Duration ttl) {
}
