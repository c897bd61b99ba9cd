package cdn.protocol.tracker;

import java.util.List;

/**
 * Body of {@code POST /v1/peers/lookup}: peers for a window of upcoming segments in one
 * round trip, and optionally who is <em>loading</em> them and a claim to load some.
 * <p>
 * Listeners in lockstep all miss the same segments at the same moment, so each would
 * fetch them all from the edge. A claim makes the tracker the one place that decides who
 * loads a segment: it grants each segment nobody in the requester's region holds or has
 * claimed to one requester at a time (atomically, also when all ask in the same instant);
 * the others learn from their lookups who is loading it and ask that peer, which answers
 * once its own fetch is done.
 *
 * @param segments segment ids, in the order the requester needs them
 * @param region the requester's region
 * @param count peers wanted per segment (default 5, clamped to 1..50)
 * @param exclude the requester's own peer id, never returned; required with {@code claim}
 * @param claim segment ids (each also in {@code segments}) the requester offers to load
 * from the edge, in its order of preference; when present (even empty) the answer names
 * the loaders of every segment
 * @param claimMax grant at most this many of {@code claim} (default 1, clamped to the
 * tracker's limit)
 */
public record PeerLookupRequest(List<String> segments, String region, Integer count, String exclude, List<String> claim,
		Integer claimMax) {

	/**
	 * Segments one lookup may name: a tracker answers at least this many (its default
	 * limit), so a client never needs to split a window below it.
	 */
	public static final int MAX_SEGMENTS = 32;

	/** A lookup of holders only. */
	public PeerLookupRequest(List<String> segments, String region, Integer count, String exclude) {
		this(segments, region, count, exclude, null, null);
	}

}
