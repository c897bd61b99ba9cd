package cdn.router.routing;

import java.util.regex.Pattern;

import cdn.protocol.InvalidIdException;

/**
 * Region ids: {@code [a-z0-9-]{1,32}}, e.g. {@code us-east}. Checked wherever a region
 * enters the router (request, configuration, pod label) so that a metric tag or a log
 * line never carries anything else.
 */
public final class Regions {

	private static final Pattern FORMAT = Pattern.compile("[a-z0-9-]{1,32}");

	private Regions() {
	}

	public static boolean isValid(String region) {
		return region != null && FORMAT.matcher(region).matches();
	}

	/**
	 * The region, or an {@link InvalidIdException} (a 400 when it came from a request).
	 */
	public static String require(String region, String what) {
		if (!isValid(region)) {
			throw new InvalidIdException(what + " must match [a-z0-9-]{1,32}");
		}
		return region;
	}

}
