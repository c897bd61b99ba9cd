package cdn.client.hls;

import java.util.List;

import cdn.protocol.Rendition;
import cdn.protocol.SegmentName;

/**
 * A rendition's media playlist: its init segment and media segments.
 *
 * @param rendition the rendition
 * @param bandwidthBitsPerSecond the peak bandwidth from the master playlist
 * @param init the fMP4 init segment, or {@code null} for self-contained (TS) segments
 * @param segments media segments in play order
 */
public record RenditionPlaylist(Rendition rendition, long bandwidthBitsPerSecond, SegmentName init,
		List<SegmentRef> segments) {
}
