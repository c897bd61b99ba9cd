package cdn.kit.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import cdn.kit.security.TokenKeys;

/**
 * Listener-token keys for a service under test: a new directory with one key pair, as a
 * launcher makes on its first start ({@code router.tokens.keys-dir},
 * {@code tracker.tokens.keys-dir}).
 */
public final class TestTokenKeys {

	private TestTokenKeys() {
	}

	/** A new temporary directory holding one key pair, named current. */
	public static Path newDirectory() {
		try {
			Path dir = Files.createTempDirectory("token-keys").resolve("keys");
			TokenKeys.generate(dir);
			return dir;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The signing keys of a directory {@link #newDirectory} made. */
	public static TokenKeys signing(Path dir) {
		try {
			return TokenKeys.loadSigning(dir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
