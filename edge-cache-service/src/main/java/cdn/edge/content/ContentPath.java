package cdn.edge.content;

import cdn.protocol.CatalogTrack;
import cdn.protocol.InvalidIdException;
import cdn.protocol.Rendition;
import cdn.protocol.SegmentName;
import cdn.protocol.TrackId;

/**
 * One of the few paths an edge serves (ARCHITECTURE.md), built only from validated ids.
 * Its {@link #value()} is both the cache key and the path appended to the upstream base
 * URL, so no request can name another host, a query or a file outside these shapes.
 *
 * @param kind what the path names
 * @param value the normalised path, e.g. {@code /segments/{sha256}.m4s}
 * @param trackId the track of a playlist, else {@code null}
 * @param segment the segment of a segment path, else {@code null}
 */
public record ContentPath(Kind kind, String value, TrackId trackId, SegmentName segment) {

	/** The catalog's path. */
	public static final ContentPath CATALOG = new ContentPath(Kind.CATALOG, CatalogTrack.CATALOG_PATH, null, null);

	public static ContentPath master(TrackId trackId) {
		return new ContentPath(Kind.MASTER, CatalogTrack.masterPath(trackId), trackId, null);
	}

	public static ContentPath media(TrackId trackId, Rendition rendition) {
		return new ContentPath(Kind.MEDIA, CatalogTrack.mediaPath(trackId, rendition), trackId, null);
	}

	public static ContentPath segment(SegmentName name) {
		return new ContentPath(Kind.SEGMENT, name.path(), null, name);
	}

	/**
	 * Parses an already decoded path into one of the served shapes; throws
	 * {@link InvalidIdException} with a short reason otherwise.
	 */
	public static ContentPath parse(String path) {
		if (path.equals(CATALOG.value)) {
			return CATALOG;
		}
		if (path.startsWith(SegmentName.PATH_PREFIX)) {
			return segment(SegmentName.parse(path.substring(SegmentName.PATH_PREFIX.length())));
		}
		String[] parts = path.split("/", -1);
		if (parts.length == 4 && parts[0].isEmpty() && parts[1].equals("tracks") && parts[3].equals("master.m3u8")) {
			return master(TrackId.of(parts[2]));
		}
		if (parts.length == 5 && parts[0].isEmpty() && parts[1].equals("tracks") && parts[4].equals("index.m3u8")) {
			return media(TrackId.of(parts[2]), Rendition.of(parts[3]));
		}
		throw new InvalidIdException("not a content path: /v1/catalog, /tracks/{id}/master.m3u8, "
				+ "/tracks/{id}/{rendition}/index.m3u8 or /segments/{sha256}.{m4s|mp4|ts}");
	}

	public boolean isSegment() {
		return this.kind == Kind.SEGMENT;
	}

	@Override
	public String toString() {
		return this.value;
	}

	/** The shapes of served paths; only segments are immutable. */
	public enum Kind {

		CATALOG, MASTER, MEDIA, SEGMENT

	}

}
