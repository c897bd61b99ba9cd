package cdn.edge.takedown;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import cdn.edge.content.ContentPath;
import cdn.kit.web.ProblemException;
import cdn.kit.web.Problems;
import cdn.protocol.SegmentId;
import cdn.protocol.SegmentName;
import cdn.protocol.TrackId;

import org.springframework.http.HttpStatus;

/**
 * The tracks taken down at this edge (issue 16) and the segments blocked with them: their
 * playlists and those segments answer 410 Gone, whether asked for, signed, waited for
 * while a fetch was in flight or warmed, and a fetch that completes after the takedown is
 * not kept. Only the segments an operator (the router, from the origin's removal) names
 * are blocked: a track shares segments with others by content (every track of one ladder
 * has the same init segments), and only the origin knows which are its own.
 * <p>
 * Held in memory, per edge: a restarted edge forgets its takedowns (the origin has
 * deleted the content by then, so a refetch finds nothing). Reads take an immutable
 * snapshot without a lock (the Netty fast path asks on every hit); writes are rare.
 */
public final class Takedowns {

	private volatile Snapshot snapshot = new Snapshot(Map.of(), Set.of());

	/** Whether anything is taken down: the fast path's one check otherwise. */
	public boolean isEmpty() {
		return this.snapshot.tracks().isEmpty();
	}

	/**
	 * Whether {@code path} (a playlist of a taken-down track, a blocked segment) is gone.
	 */
	public boolean blocks(ContentPath path) {
		Snapshot current = this.snapshot;
		if (current.tracks().isEmpty()) {
			return false;
		}
		return switch (path.kind()) {
			case MASTER, MEDIA -> current.tracks().containsKey(path.trackId());
			case SEGMENT -> current.segments().contains(path.segment().id());
			case CATALOG -> false;
		};
	}

	/**
	 * Takes {@code trackId} down, blocking {@code segments} with it (added to any already
	 * blocked for it: taking down again never unblocks).
	 * @return the segments now blocked for the track
	 */
	public synchronized int takeDown(TrackId trackId, Collection<SegmentName> segments) {
		Map<TrackId, Set<SegmentName>> tracks = new HashMap<>(this.snapshot.tracks());
		Set<SegmentName> blocked = new HashSet<>(tracks.getOrDefault(trackId, Set.of()));
		blocked.addAll(segments);
		tracks.put(trackId, Set.copyOf(blocked));
		publish(tracks);
		return blocked.size();
	}

	/**
	 * Lifts the takedown of {@code trackId}.
	 * @return the segments it had blocked (their cached 404s are to be forgotten), or
	 * {@code null} if it was not taken down
	 */
	public synchronized Set<SegmentName> lift(TrackId trackId) {
		Map<TrackId, Set<SegmentName>> tracks = new HashMap<>(this.snapshot.tracks());
		Set<SegmentName> released = tracks.remove(trackId);
		if (released != null) {
			publish(tracks);
		}
		return released;
	}

	/** The tracks taken down, by id. */
	public List<String> trackIds() {
		return this.snapshot.tracks().keySet().stream().map(TrackId::value).sorted().toList();
	}

	private void publish(Map<TrackId, Set<SegmentName>> tracks) {
		Set<SegmentId> segments = new HashSet<>();
		tracks.values().forEach((names) -> names.forEach((name) -> segments.add(name.id())));
		this.snapshot = new Snapshot(Map.copyOf(tracks), Set.copyOf(segments));
	}

	/**
	 * The answer for a path that {@link #blocks}: 410, as for content that is gone for
	 * good.
	 */
	public static ProblemException gone() {
		return Problems.of(HttpStatus.GONE, "this track has been taken down");
	}

	/**
	 * @param tracks taken-down tracks and the segments blocked with each
	 * @param segments every blocked segment's id (a segment is blocked in any format)
	 */
	private record Snapshot(Map<TrackId, Set<SegmentName>> tracks, Set<SegmentId> segments) {
	}

}
