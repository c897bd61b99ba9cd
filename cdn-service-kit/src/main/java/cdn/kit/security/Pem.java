package cdn.kit.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * PEM armour for DER keys: {@code -----BEGIN <label>-----}, base64 in 64-column lines.
 */
final class Pem {

	static final String PRIVATE_KEY = "PRIVATE KEY";

	static final String PUBLIC_KEY = "PUBLIC KEY";

	private Pem() {
	}

	static String encode(String label, byte[] der) {
		String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
		return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
	}

	/**
	 * The DER inside the first {@code label} block. The message of a failure names what
	 * was expected, never the text it got: that may be a key.
	 */
	static byte[] decode(String pem, String label) {
		String begin = "-----BEGIN " + label + "-----";
		String end = "-----END " + label + "-----";
		int from = pem.indexOf(begin);
		int to = (from < 0) ? -1 : pem.indexOf(end, from);
		if (from < 0 || to < 0) {
			// "EC PRIVATE KEY" (SEC 1, openssl ecparam -genkey) contains "PRIVATE KEY"
			// but
			// is not PKCS#8: the begin line above does not match it
			throw new IllegalArgumentException("expected a PEM block " + begin
					+ ((label.equals(PRIVATE_KEY)) ? " (PKCS#8: openssl pkcs8 -topk8 -nocrypt converts)" : ""));
		}
		try {
			return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("the PEM block " + begin + " is not valid base64");
		}
	}

}
