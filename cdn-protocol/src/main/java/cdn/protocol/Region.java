package cdn.protocol;

import java.util.regex.Pattern;

/**
 * A region name: {@code [a-z0-9-]{1,32}}, e.g. {@code us-east}, {@code eu-west},
 * {@code ap-south}.
 */
public record Region(String value) {

	/** The format of a region name, as a regular expression. */
	public static final String PATTERN = "[a-z0-9-]{1,32}";

	private static final Pattern FORMAT = Pattern.compile(PATTERN);

	public Region {
		if (value == null || !FORMAT.matcher(value).matches()) {
			throw new InvalidIdException("region must match " + PATTERN);
		}
	}

	public static Region of(String value) {
		return new Region(value);
	}

	public static boolean isValid(String value) {
		return value != null && FORMAT.matcher(value).matches();
	}

	/**
	 * The value when it is a valid region name, or an {@link InvalidIdException} that
	 * names it: {@code "<what> must match [a-z0-9-]{1,32}"}.
	 */
	public static String require(String value, String what) {
		if (!isValid(value)) {
			throw new InvalidIdException(what + " must match " + PATTERN);
		}
		return value;
	}

	@Override
	public String toString() {
		return this.value;
	}

}
