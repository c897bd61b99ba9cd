package cdn.kit.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Makes a local deployment's keys on its first start, and keeps them: the listener
 * tokens' ES256 key pair ({@link TokenKeys}, in the directory), the signed URLs' secret
 * ({@value #URL_SIGNING_KEYS} in it) and one operator token for every service's admin API
 * ({@value #OPERATOR_TOKEN}: the {@code *.admin-token-file} of origin, edges, tracker and
 * router, which sends a takedown to the others with it). {@code ./cdn up} runs it from a
 * service's jar before starting the services; {@code ./cdn demo}'s launcher calls
 * {@link #ensure}.
 *
 * <pre>
 * java -Dloader.main=cdn.kit.security.LocalKeys -cp router-service.jar \
 *     org.springframework.boot.loader.launch.PropertiesLauncher data/keys
 * </pre>
 */
public final class LocalKeys {

	/** The signed URLs' secrets, in the keys directory. */
	public static final String URL_SIGNING_KEYS = "url-signing.keys";

	/** The local deployment's operator token, in the keys directory. */
	public static final String OPERATOR_TOKEN = "operator.token";

	private LocalKeys() {
	}

	/**
	 * The keys in {@code dir}, made (readable by their owner only) where absent.
	 * @return the URL signing secrets
	 */
	public static UrlSigningKeys ensure(Path dir) throws IOException {
		TokenKeys.loadSigningOrGenerate(dir);
		operatorToken(dir);
		return UrlSigningKeys.fromFileOrGenerate(dir.resolve(URL_SIGNING_KEYS));
	}

	/**
	 * The operator token's file in {@code dir}, made (owner-only: 24 random bytes,
	 * base64url, one line) where absent.
	 */
	public static Path operatorToken(Path dir) throws IOException {
		Path file = dir.resolve(OPERATOR_TOKEN);
		if (!Files.exists(file)) {
			Files.createDirectories(dir);
			byte[] token = new byte[24];
			new SecureRandom().nextBytes(token);
			if (dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
				Files.createFile(file,
						PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
			}
			else {
				Files.createFile(file);
			}
			Files.writeString(file, Base64.getUrlEncoder().withoutPadding().encodeToString(token) + "\n",
					StandardCharsets.US_ASCII);
		}
		return file;
	}

	public static void main(String[] args) {
		if (args.length != 1) {
			System.err.println("usage: LocalKeys <keys directory>");
			System.exit(2);
		}
		Path dir = Path.of(args[0]);
		try {
			UrlSigningKeys urls = ensure(dir);
			// the operator token is named by its file, never shown
			System.out.println("keys in " + dir + ": listener tokens " + TokenKeys.loadSigning(dir) + ", signed URLs "
					+ urls + ", operator token " + dir.resolve(OPERATOR_TOKEN));
		}
		catch (IOException | RuntimeException ex) {
			System.err.println("keys in " + dir + " cannot be made or read: " + ex.getMessage());
			System.exit(1);
		}
	}

}
