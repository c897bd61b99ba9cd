package cdn.client.hls;

import java.util.ArrayList;
import java.util.List;

import cdn.protocol.TrackId;

/**
 * Everything a listener needs to play a track: its renditions, lowest bitrate first. All
 * renditions come from one encoder run, so segment {@code i} covers the same media time
 * in each and a switch can happen at any segment boundary.
 * <p>
 * A live track's media is the part of the stream a listener plays: it starts a few
 * segments behind the live edge ({@link #fromLiveEdge}) and grows as the playlists slide
 * ({@link #extendedWith}). Position {@code i} is media sequence number
 * {@code firstSequence() + i} in every rendition.
 */
public record TrackMedia(TrackId trackId, List<RenditionPlaylist> renditions) {

	public TrackMedia {
		if (renditions.isEmpty()) {
			throw new IllegalArgumentException("a track needs at least one rendition");
		}
		RenditionPlaylist first = renditions.get(0);
		if (renditions.stream()
			.anyMatch((rendition) -> rendition.segments().size() != first.segments().size()
					|| rendition.mediaSequence() != first.mediaSequence())) {
			throw new IllegalArgumentException("renditions of " + trackId + " differ in segments");
		}
	}

	/**
	 * The media of playlists loaded one after another. A live stream's playlists may be
	 * read on both sides of a window slide, so a live track keeps the segments every
	 * rendition lists.
	 * @throws IllegalStateException if live renditions list no common segment
	 */
	public static TrackMedia of(TrackId trackId, List<RenditionPlaylist> renditions) {
		if (renditions.isEmpty() || !renditions.get(0).live()) {
			return new TrackMedia(trackId, renditions);
		}
		long first = Long.MIN_VALUE;
		long end = Long.MAX_VALUE;
		for (RenditionPlaylist playlist : renditions) {
			first = Math.max(first, playlist.mediaSequence());
			end = Math.min(end, playlist.endSequence());
		}
		if (end <= first) {
			throw new IllegalStateException("the renditions of " + trackId + " list no common segment");
		}
		return slice(trackId, renditions, first, end);
	}

	public int segmentCount() {
		return this.renditions.get(0).segments().size();
	}

	/** Whether this is a live track whose playlists still grow. */
	public boolean live() {
		return this.renditions.get(0).live();
	}

	/** The media sequence number of position 0. */
	public long firstSequence() {
		return this.renditions.get(0).mediaSequence();
	}

	public SegmentRef segment(int index, int rendition) {
		return this.renditions.get(rendition).segments().get(index);
	}

	/** The renditions' nominal bitrates, lowest first. */
	public long[] ladderKbps() {
		return this.renditions.stream().mapToLong((playlist) -> playlist.rendition().kbps()).toArray();
	}

	/**
	 * Per rendition, whether it has an init segment to fetch before its media segments.
	 */
	public boolean[] hasInit() {
		boolean[] has = new boolean[this.renditions.size()];
		for (int r = 0; r < has.length; r++) {
			has[r] = this.renditions.get(r).init() != null;
		}
		return has;
	}

	/** Segment durations in seconds, the same for every rendition. */
	public double[] durations() {
		return durations(0);
	}

	/** Durations of the segments from position {@code from} on. */
	public double[] durations(int from) {
		List<SegmentRef> segments = this.renditions.get(0).segments();
		return segments.subList(from, segments.size()).stream().mapToDouble(SegmentRef::durationSeconds).toArray();
	}

	public double durationSeconds() {
		double total = 0;
		for (double duration : durations()) {
			total += duration;
		}
		return total;
	}

	/**
	 * A live track's media from {@code distance} segments behind the live edge, or from
	 * its first segment if the window is shorter.
	 */
	public TrackMedia fromLiveEdge(int distance) {
		long end = firstSequence() + segmentCount();
		return slice(this.trackId, this.renditions, Math.max(firstSequence(), end - distance), end);
	}

	/**
	 * This media with the segments that refreshed playlists list after its end (as far as
	 * every rendition lists them).
	 */
	public Extension extendedWith(List<RenditionPlaylist> refreshed) {
		long next = firstSequence() + segmentCount();
		long end = Long.MAX_VALUE;
		long windowStart = Long.MIN_VALUE;
		boolean ended = true;
		for (RenditionPlaylist playlist : refreshed) {
			end = Math.min(end, playlist.endSequence());
			windowStart = Math.max(windowStart, playlist.mediaSequence());
			ended &= !playlist.live();
		}
		if (windowStart > next) {
			// the segments this listener needs next left the window before it saw them
			return new Extension(this, 0, windowStart, ended, true);
		}
		if (end <= next) {
			return new Extension(this, 0, windowStart, ended, false);
		}
		List<RenditionPlaylist> grown = new ArrayList<>();
		for (int r = 0; r < this.renditions.size(); r++) {
			RenditionPlaylist mine = this.renditions.get(r);
			RenditionPlaylist fresh = refreshed.get(r);
			List<SegmentRef> segments = new ArrayList<>(mine.segments());
			copy(fresh, next, end, segments);
			grown.add(new RenditionPlaylist(mine.rendition(), mine.bandwidthBitsPerSecond(), mine.init(),
					List.copyOf(segments), mine.mediaSequence(), !ended));
		}
		return new Extension(new TrackMedia(this.trackId, grown), (int) (end - next), windowStart, ended, false);
	}

	private static TrackMedia slice(TrackId trackId, List<RenditionPlaylist> renditions, long from, long to) {
		List<RenditionPlaylist> sliced = new ArrayList<>();
		for (RenditionPlaylist playlist : renditions) {
			List<SegmentRef> segments = new ArrayList<>();
			copy(playlist, from, to, segments);
			sliced.add(new RenditionPlaylist(playlist.rendition(), playlist.bandwidthBitsPerSecond(), playlist.init(),
					List.copyOf(segments), from, playlist.live()));
		}
		return new TrackMedia(trackId, sliced);
	}

	/**
	 * Appends {@code playlist}'s segments of media sequence numbers {@code from} to
	 * {@code to} (exclusive) to {@code into}, at the positions that follow.
	 */
	private static void copy(RenditionPlaylist playlist, long from, long to, List<SegmentRef> into) {
		for (long sequence = from; sequence < to; sequence++) {
			SegmentRef listed = playlist.segments().get((int) (sequence - playlist.mediaSequence()));
			into.add(new SegmentRef(into.size(), listed.name(), listed.durationSeconds()));
		}
	}

	/**
	 * What a playlist refresh brought.
	 *
	 * @param media the media with the new segments
	 * @param added how many segments were appended
	 * @param windowStart the oldest media sequence number every playlist still lists:
	 * older segments left the window
	 * @param ended the stream ended ({@code EXT-X-ENDLIST}): nothing more will come
	 * @param fellBehind the next segment left the window unseen (the listener cannot go
	 * on)
	 */
	public record Extension(TrackMedia media, int added, long windowStart, boolean ended, boolean fellBehind) {
	}

}
