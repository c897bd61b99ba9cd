package cdn.protocol;

import java.util.regex.Pattern;

/**
 * A peer's id, chosen by the client: {@code [A-Za-z0-9_-]{1,64}} (URL-safe base64
 * alphabet, so a random 128-bit id fits in 22 characters).
 */
public record PeerId(String value) {

	private static final Pattern FORMAT = Pattern.compile("[A-Za-z0-9_-]{1,64}");

	public PeerId {
		if (value == null || !FORMAT.matcher(value).matches()) {
			throw new InvalidIdException("peer id must match [A-Za-z0-9_-]{1,64}");
		}
	}

	public static PeerId of(String value) {
		return new PeerId(value);
	}

	public static boolean isValid(String value) {
		return value != null && FORMAT.matcher(value).matches();
	}

	@Override
	public String toString() {
		return this.value;
	}

}
