package cdn.protocol;

import java.util.List;

/**
 * One entry of {@code GET /v1/catalog}.
 *
 * @param trackId the track's id
 * @param title a human title
 * @param durationSeconds playable duration (0 for a live track)
 * @param renditions rendition ids, lowest bitrate first
 * @param master path of the master playlist
 * @param live whether the track is a live stream (its media playlists slide and have no
 * end)
 */
public record CatalogTrack(String trackId, String title, double durationSeconds, List<String> renditions, String master,
		boolean live) {

	/** A track on demand. */
	public CatalogTrack(String trackId, String title, double durationSeconds, List<String> renditions, String master) {
		this(trackId, title, durationSeconds, renditions, master, false);
	}

	/** Where origins and edges list their tracks. */
	public static final String CATALOG_PATH = "/v1/catalog";

	public static String masterPath(TrackId trackId) {
		return "/tracks/" + trackId.value() + "/master.m3u8";
	}

	public static String mediaPath(TrackId trackId, Rendition rendition) {
		return "/tracks/" + trackId.value() + "/" + rendition.id() + "/index.m3u8";
	}

}
