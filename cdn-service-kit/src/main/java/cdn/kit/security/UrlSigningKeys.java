package cdn.kit.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import cdn.protocol.PeerId;

/**
 * The HMAC-SHA256 secrets of signed URLs, by kid: the first one signs, every one (at most
 * {@value #MAX_LIVE}: the current and the previous one) verifies.
 *
 * <p>
 * One text form for a file and for an environment variable: {@code <kid>=<base64 secret>}
 * entries separated by commas, spaces or new lines, the current one first; {@code #}
 * starts a comment line. A secret is at least {@value #MIN_SECRET_BYTES} random bytes
 * (standard or URL-safe base64, padding optional). {@link #toString()} shows kids only.
 */
public final class UrlSigningKeys {

	public static final int MAX_LIVE = 2;

	/** 256 bits: the HMAC-SHA256 key size. */
	public static final int MIN_SECRET_BYTES = 32;

	private static final SecureRandom RANDOM = new SecureRandom();

	/** Live secrets, the current one first. */
	private final Map<String, byte[]> secrets;

	private UrlSigningKeys(Map<String, byte[]> secrets) {
		this.secrets = Collections.unmodifiableMap(secrets);
	}

	/**
	 * Parses {@code kid=base64[,kid=base64]}, the current one first. The message of a
	 * failure names the kid or the position, never the secret.
	 */
	public static UrlSigningKeys parse(String text) {
		if (text == null || text.isBlank()) {
			throw new IllegalArgumentException("no URL signing secret is configured");
		}
		Map<String, byte[]> secrets = new LinkedHashMap<>();
		StringBuilder content = new StringBuilder();
		text.lines()
			.filter((line) -> !line.strip().startsWith("#"))
			.forEach((line) -> content.append(line).append('\n'));
		int position = 0;
		for (String entry : content.toString().split("[,\\s]+")) {
			if (entry.isEmpty()) {
				continue;
			}
			position++;
			int equals = entry.indexOf('=');
			if (equals <= 0) {
				throw new IllegalArgumentException("URL signing secret " + position + " is not <kid>=<base64>");
			}
			String kid = entry.substring(0, equals);
			if (!PeerId.isValid(kid)) {
				throw new IllegalArgumentException(
						"URL signing secret " + position + ": a kid must match [A-Za-z0-9_-]{1,64}");
			}
			byte[] secret = decode(entry.substring(equals + 1), kid);
			if (secrets.put(kid, secret) != null) {
				throw new IllegalArgumentException("URL signing kid " + kid + " is given twice");
			}
		}
		if (secrets.isEmpty() || secrets.size() > MAX_LIVE) {
			throw new IllegalArgumentException(
					"between 1 and " + MAX_LIVE + " URL signing secrets may be live, not " + secrets.keySet());
		}
		return new UrlSigningKeys(secrets);
	}

	/** {@link #parse} of a file's content. */
	public static UrlSigningKeys fromFile(Path file) throws IOException {
		return parse(Files.readString(file, StandardCharsets.UTF_8));
	}

	/**
	 * {@link #fromFile} of {@code file}, made first (one new secret, kid {@code u1},
	 * readable by its owner only) when it does not exist: a launcher's first start.
	 */
	public static UrlSigningKeys fromFileOrGenerate(Path file) throws IOException {
		if (!Files.exists(file)) {
			Path dir = file.toAbsolutePath().getParent();
			Files.createDirectories(dir);
			String content = "# URL signing secrets, the signing one first (cdn.signed-urls.keys-file)\n"
					+ newEntry("u1") + "\n";
			if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
				Files.createFile(file,
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			}
			else {
				Files.createFile(file);
			}
			Files.writeString(file, content, StandardCharsets.US_ASCII);
		}
		return fromFile(file);
	}

	/** {@link #parse} of an environment variable's value. */
	public static UrlSigningKeys fromEnvironment(String variable) {
		String value = System.getenv(variable);
		if (value == null) {
			throw new IllegalArgumentException("environment variable " + variable + " is not set");
		}
		return parse(value);
	}

	/** A new entry {@code kid=<32 random bytes, base64url>} for a file or a variable. */
	public static String newEntry(String kid) {
		if (!PeerId.isValid(kid)) {
			throw new IllegalArgumentException("a kid must match [A-Za-z0-9_-]{1,64}");
		}
		byte[] secret = new byte[MIN_SECRET_BYTES];
		RANDOM.nextBytes(secret);
		return kid + "=" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
	}

	/** The kid of the secret that signs. */
	public String signingKid() {
		return this.secrets.keySet().iterator().next();
	}

	/** The live kids, the current one first. */
	public Set<String> kids() {
		return this.secrets.keySet();
	}

	/** The secret of {@code kid}, or {@code null}; not a copy: never hand it out. */
	byte[] secret(String kid) {
		return this.secrets.get(kid);
	}

	@Override
	public String toString() {
		return "UrlSigningKeys[signer=" + signingKid() + ", live=" + this.secrets.keySet() + "]";
	}

	private static byte[] decode(String base64, String kid) {
		byte[] secret;
		try {
			// one decoder for both alphabets: URL-safe characters mapped to the standard
			// ones
			secret = Base64.getDecoder().decode(base64.replace('-', '+').replace('_', '/'));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("URL signing secret " + kid + " is not base64");
		}
		if (secret.length < MIN_SECRET_BYTES) {
			throw new IllegalArgumentException(
					"URL signing secret " + kid + " is shorter than " + MIN_SECRET_BYTES + " bytes");
		}
		return secret;
	}

}
