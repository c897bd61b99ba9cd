package cdn.protocol;

import java.util.regex.Pattern;

/**
 * A region name: {@code [a-z0-9-]{1,32}}, e.g. {@code us-east}, {@code eu-west},
 * {@code ap-south}.
 */
public record Region(String value) {

	private static final Pattern FORMAT = Pattern.compile("[a-z0-9-]{1,32}");

	public Region {
		if (value == null || !FORMAT.matcher(value).matches()) {
			throw new InvalidIdException("region must match [a-z0-9-]{1,32}");
		}
	}

	public static Region of(String value) {
		return new Region(value);
	}

	public static boolean isValid(String value) {
		return value != null && FORMAT.matcher(value).matches();
	}

	@Override
	public String toString() {
		return this.value;
	}

}
