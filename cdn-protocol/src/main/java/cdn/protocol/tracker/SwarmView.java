package cdn.protocol.tracker;

import java.util.List;
import java.util.Map;

/**
 * Answer to {@code GET /v1/swarms/{trackId}}: the health of a track's swarm.
 *
 * @param trackId the track
 * @param peers live peers playing it
 * @param peersByRegion live peers per region
 * @param renditions availability per rendition, lowest bitrate first
 */
public record SwarmView(String trackId, long peers, Map<String, Long> peersByRegion,
		List<RenditionAvailability> renditions) {

	/**
	 * How well one rendition's segments are spread over peers.
	 *
	 * @param rendition the rendition id
	 * @param peers live peers holding segments of it
	 * @param segments distinct segments held by at least one peer
	 * @param minAvailability holders of the rarest segment
	 * @param meanAvailability average holders per segment
	 * @param maxAvailability holders of the most common segment
	 */
	public record RenditionAvailability(String rendition, long peers, long segments, long minAvailability,
			double meanAvailability, long maxAvailability) {
	}

}
