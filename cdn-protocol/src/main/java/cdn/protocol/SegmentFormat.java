package cdn.protocol;

import java.util.Arrays;

/**
 * The kinds of segment file the CDN serves, by file extension. Audio is packaged as
 * fragmented MP4 (CMAF): an init segment per rendition plus media segments.
 */
public enum SegmentFormat {

	/** fMP4 media segment. */
	M4S("m4s", "audio/mp4"),

	/** fMP4 init segment (referenced by {@code EXT-X-MAP}). */
	MP4("mp4", "audio/mp4"),

	/** MPEG-TS segment, accepted for content packaged elsewhere. */
	TS("ts", "video/mp2t");

	private final String extension;

	private final String contentType;

	SegmentFormat(String extension, String contentType) {
		this.extension = extension;
		this.contentType = contentType;
	}

	public String extension() {
		return this.extension;
	}

	public String contentType() {
		return this.contentType;
	}

	public static SegmentFormat ofExtension(String extension) {
		return Arrays.stream(values())
			.filter((format) -> format.extension.equals(extension))
			.findFirst()
			.orElseThrow(() -> new InvalidIdException("segment extension must be one of m4s, mp4, ts"));
	}

}
