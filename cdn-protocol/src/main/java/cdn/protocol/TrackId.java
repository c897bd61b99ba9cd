package cdn.protocol;

import java.util.regex.Pattern;

/**
 * A track's id: {@code [a-z0-9][a-z0-9-]{0,63}}. Safe to use as a path segment or file
 * name because the format admits no dot, slash or upper case.
 */
public record TrackId(String value) {

	private static final Pattern FORMAT = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

	public TrackId {
		if (value == null || !FORMAT.matcher(value).matches()) {
			throw new InvalidIdException("track id must match [a-z0-9][a-z0-9-]{0,63}");
		}
	}

	public static TrackId of(String value) {
		return new TrackId(value);
	}

	public static boolean isValid(String value) {
		return value != null && FORMAT.matcher(value).matches();
	}

	/**
	 * A track id derived from a free-text title: lower case, runs of other characters
	 * become one dash, trimmed to 64 characters. Returns {@code null} when nothing is
	 * left.
	 */
	public static TrackId slugOf(String title) {
		String slug = title.toLowerCase(java.util.Locale.ROOT)
			.replaceAll("[^a-z0-9]+", "-")
			.replaceAll("^-+", "")
			.replaceAll("-+$", "");
		if (slug.length() > 64) {
			slug = slug.substring(0, 64).replaceAll("-+$", "");
		}
		return slug.isEmpty() ? null : new TrackId(slug);
	}

	@Override
	public String toString() {
		return this.value;
	}

}
