package cdn.router.takedown;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import cdn.kit.web.ProblemException;
import cdn.kit.web.Problems;
import cdn.protocol.TrackId;

import org.springframework.http.HttpStatus;

/**
 * The tracks this router no longer routes: {@code /v1/route?track=}, {@code /play} and
 * {@code /listen} answer 410 for them and no URL of theirs is signed. In memory: a
 * restarted router forgets them (the origin no longer has the content and the edges and
 * the tracker keep their own lists; send the takedown again to restore the router's).
 * Reads are a volatile read of an immutable set (the route fast path asks).
 */
public final class TakenDownTracks {

	private volatile Set<TrackId> tracks = Set.of();

	public boolean contains(TrackId trackId) {
		Set<TrackId> current = this.tracks;
		return !current.isEmpty() && trackId != null && current.contains(trackId);
	}

	/** Throws the 410 problem for a taken-down track. */
	public void requireRoutable(TrackId trackId) {
		if (contains(trackId)) {
			throw gone();
		}
	}

	synchronized void add(TrackId trackId) {
		Set<TrackId> next = new HashSet<>(this.tracks);
		next.add(trackId);
		this.tracks = Set.copyOf(next);
	}

	synchronized boolean remove(TrackId trackId) {
		Set<TrackId> next = new HashSet<>(this.tracks);
		boolean removed = next.remove(trackId);
		this.tracks = Set.copyOf(next);
		return removed;
	}

	public List<String> trackIds() {
		return this.tracks.stream().map(TrackId::value).sorted().toList();
	}

	static ProblemException gone() {
		return Problems.of(HttpStatus.GONE, "this track has been taken down");
	}

}
