package cdn.kit.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A configured secret (an admin token, the TURN shared secret) that never prints itself:
 * {@link #toString()} is {@code ******} ({@code (none)} when empty), so a properties
 * record holding one can print all its components. Only {@link #reveal()} gives the
 * value. Spring Boot binds a property to it through {@link #of(String)}.
 */
public final class Secret {

	/** Longest secret file read: a token, not a key store. */
	static final int MAX_FILE_BYTES = 4096;

	private static final Secret NONE = new Secret("");

	private final String value;

	private Secret(String value) {
		this.value = value;
	}

	/** The secret {@code value}; {@code null} or blank is no secret. */
	public static Secret of(String value) {
		return (value == null || value.isBlank()) ? NONE : new Secret(value);
	}

	/** No secret. */
	public static Secret none() {
		return NONE;
	}

	/**
	 * The content of {@code file}, trailing white space (the new line an editor or
	 * {@code echo} adds) removed, e.g. a Kubernetes Secret mounted as a file. A failure
	 * names the property and the file, never the content.
	 * @param property the property naming the file, for the message of a failure
	 */
	public static Secret fromFile(Path file, String property) {
		try {
			if (Files.size(file) > MAX_FILE_BYTES) {
				throw new IllegalArgumentException(
						property + ": " + file + " is larger than " + MAX_FILE_BYTES + " bytes: not a secret file");
			}
			Secret secret = of(Files.readString(file, StandardCharsets.UTF_8).stripTrailing());
			if (secret.isEmpty()) {
				throw new IllegalArgumentException(property + ": " + file + " is empty");
			}
			return secret;
		}
		catch (IOException ex) {
			throw new IllegalArgumentException(
					property + ": cannot read " + file + " (" + ex.getClass().getSimpleName() + ")");
		}
	}

	/**
	 * The secret given literally or, with {@code file} set, read from that file; both at
	 * once is an error.
	 * @param property the literal's property, e.g. {@code edge.admin-token}; the file's
	 * is the same with {@code -file}
	 */
	public static Secret literalOrFile(Secret literal, Path file, String property) {
		Secret given = (literal != null) ? literal : NONE;
		if (file == null) {
			return given;
		}
		if (!given.isEmpty()) {
			throw new IllegalArgumentException("set " + property + " or " + property + "-file, not both");
		}
		return fromFile(file, property + "-file");
	}

	/** The value itself: pass it on, never print it. */
	public String reveal() {
		return this.value;
	}

	public boolean isEmpty() {
		return this.value.isEmpty();
	}

	/** {@code ******}, or {@code (none)}: never the value. */
	@Override
	public String toString() {
		return isEmpty() ? "(none)" : "******";
	}

}
