package cdn.client.hls;

import cdn.protocol.SegmentName;

/** One media segment of a rendition: its position, its name (= its hash) and duration. */
public record SegmentRef(int index, SegmentName name, double durationSeconds) {
}
