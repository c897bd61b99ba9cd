package cdn.client.hls;

import java.util.List;

import cdn.protocol.TrackId;

/**
 * Everything a listener needs to play a track: its renditions, lowest bitrate first. All
 * renditions come from one encoder run, so segment {@code i} covers the same media time
 * in each and a switch can happen at any segment boundary.
 */
public record TrackMedia(TrackId trackId, List<RenditionPlaylist> renditions) {

	public TrackMedia {
		if (renditions.isEmpty()) {
			throw new IllegalArgumentException("a track needs at least one rendition");
		}
		int count = renditions.get(0).segments().size();
		if (renditions.stream().anyMatch((rendition) -> rendition.segments().size() != count)) {
			throw new IllegalArgumentException("renditions of " + trackId + " differ in segment count");
		}
	}

	public int segmentCount() {
		return this.renditions.get(0).segments().size();
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
		return this.renditions.get(0).segments().stream().mapToDouble(SegmentRef::durationSeconds).toArray();
	}

	public double durationSeconds() {
		double total = 0;
		for (double duration : durations()) {
			total += duration;
		}
		return total;
	}

}
