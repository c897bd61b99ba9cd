package cdn.router.routing;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

/**
 * Parses IP address literals without ever asking DNS: {@link InetAddress#getByName} would
 * resolve a host name, and a client controls what it puts in {@code X-Forwarded-For}.
 */
final class IpLiterals {

	private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

	private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

	private IpLiterals() {
	}

	/** The address, or {@code null} if {@code text} is not an IPv4 or IPv6 literal. */
	static InetAddress parse(String text) {
		if (text == null) {
			return null;
		}
		String literal = text.strip();
		if (literal.startsWith("[") && literal.endsWith("]")) {
			literal = literal.substring(1, literal.length() - 1);
		}
		boolean v4 = IPV4.matcher(literal).matches();
		// a string with a colon is parsed as an IPv6 literal, never looked up
		boolean v6 = literal.indexOf(':') >= 0 && IPV6.matcher(literal).matches();
		if (!v4 && !v6) {
			return null;
		}
		try {
			return InetAddress.getByName(literal);
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

}
