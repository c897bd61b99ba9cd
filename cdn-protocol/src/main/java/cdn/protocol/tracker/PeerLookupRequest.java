package cdn.protocol.tracker;

import java.util.List;

/**
 * Body of {@code POST /v1/peers/lookup}: peers for a window of upcoming segments in one
 * round trip.
 *
 * @param segments segment ids, in the order the requester needs them
 * @param region the requester's region
 * @param count peers wanted per segment (default 5, clamped to 1..50)
 * @param exclude the requester's own peer id, never returned
 */
public record PeerLookupRequest(List<String> segments, String region, Integer count, String exclude) {

	/**
	 * Segments one lookup may name: a tracker answers at least this many (its default
	 * limit), so a client never needs to split a window below it.
	 */
	public static final int MAX_SEGMENTS = 32;

}
