package cdn.kit.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * PEM armour for DER keys: {@code -----BEGIN <label>-----}, base64 in 64-column lines.
 */
final class Pem {

	static final String PRIVATE_KEY = "PRIVATE KEY";

	static final String PUBLIC_KEY = "PUBLIC KEY";

	/**
	 * SEC 1 EC private key ({@code openssl ecparam -genkey}, Helm's
	 * {@code genPrivateKey "ecdsa"}).
	 */
	static final String EC_PRIVATE_KEY = "EC PRIVATE KEY";

	/** An X.509 certificate: only its public key is used. */
	static final String CERTIFICATE = "CERTIFICATE";

	private Pem() {
	}

	/** Whether {@code pem} holds a {@code label} block. */
	static boolean has(String pem, String label) {
		return pem.contains("-----BEGIN " + label + "-----");
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
			// "EC PRIVATE KEY" (SEC 1) contains "PRIVATE KEY" but is not PKCS#8: the
			// begin line above does not match it (the caller asks for either by name)
			throw new IllegalArgumentException("expected a PEM block " + begin
					+ ((label.equals(PRIVATE_KEY)) ? " (PKCS#8) or -----BEGIN EC PRIVATE KEY----- (SEC 1)" : "")
					+ ((label.equals(PUBLIC_KEY)) ? " (X.509 SubjectPublicKeyInfo) or -----BEGIN CERTIFICATE-----"
							: ""));
		}
		try {
			return Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("the PEM block " + begin + " is not valid base64");
		}
	}

}
