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
 * @param mediaSequence the media sequence number of the first segment
 * ({@code EXT-X-MEDIA-SEQUENCE})
 * @param live whether more segments will come (no {@code EXT-X-ENDLIST})
 */
public record RenditionPlaylist(Rendition rendition, long bandwidthBitsPerSecond, SegmentName init,
		List<SegmentRef> segments, long mediaSequence, boolean live) {

	/** The playlist of a track on demand. */
	public RenditionPlaylist(Rendition rendition, long bandwidthBitsPerSecond, SegmentName init,
			List<SegmentRef> segments) {
		this(rendition, bandwidthBitsPerSecond, init, segments, 0, false);
	}

	/** The media sequence number after the last segment. */
	public long endSequence() {
		return this.mediaSequence + this.segments.size();
	}

}
