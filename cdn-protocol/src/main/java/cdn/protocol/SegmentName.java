package cdn.protocol;

/**
 * A segment's file name, {@code {segmentId}.{ext}}, as it appears in playlists under
 * {@code /segments/}.
 */
public record SegmentName(SegmentId id, SegmentFormat format) {

	public static final String PATH_PREFIX = "/segments/";

	/** Parses {@code abc….m4s}; throws {@link InvalidIdException} with a short reason. */
	public static SegmentName parse(String fileName) {
		if (fileName == null) {
			throw new InvalidIdException("segment name is missing");
		}
		int dot = fileName.lastIndexOf('.');
		if (dot < 0) {
			throw new InvalidIdException("segment name must be {sha256}.{m4s|mp4|ts}");
		}
		return new SegmentName(SegmentId.of(fileName.substring(0, dot)),
				SegmentFormat.ofExtension(fileName.substring(dot + 1)));
	}

	public String fileName() {
		return this.id.value() + "." + this.format.extension();
	}

	/** The absolute URL path, the same on origin and edge. */
	public String path() {
		return PATH_PREFIX + fileName();
	}

}
