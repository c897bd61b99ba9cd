package cdn.origin.store;

import java.time.Instant;
import java.util.List;

import cdn.protocol.CatalogTrack;
import cdn.protocol.TrackId;

/**
 * What the origin knows of a published track, stored as {@code track.json} beside its
 * playlists.
 */
public record TrackManifest(String trackId, String title, double durationSeconds, List<String> renditions,
		Instant publishedAt) {

	public CatalogTrack toCatalogTrack() {
		return new CatalogTrack(this.trackId, this.title, this.durationSeconds, this.renditions,
				CatalogTrack.masterPath(TrackId.of(this.trackId)));
	}

}
