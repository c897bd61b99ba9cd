package cdn.kit.security;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Makes a local deployment's keys on its first start, and keeps them: the listener
 * tokens' ES256 key pair ({@link TokenKeys}, in the directory) and the signed URLs'
 * secret ({@value #URL_SIGNING_KEYS} in it). {@code ./cdn up} runs it from a service's
 * jar before starting the services; {@code ./cdn demo}'s launcher calls {@link #ensure}.
 *
 * <pre>
 * java -Dloader.main=cdn.kit.security.LocalKeys -cp router-service.jar \
 *     org.springframework.boot.loader.launch.PropertiesLauncher data/keys
 * </pre>
 */
public final class LocalKeys {

	/** The signed URLs' secrets, in the keys directory. */
	public static final String URL_SIGNING_KEYS = "url-signing.keys";

	private LocalKeys() {
	}

	/**
	 * The keys in {@code dir}, made (readable by their owner only) where absent.
	 * @return the URL signing secrets
	 */
	public static UrlSigningKeys ensure(Path dir) throws IOException {
		TokenKeys.loadSigningOrGenerate(dir);
		return UrlSigningKeys.fromFileOrGenerate(dir.resolve(URL_SIGNING_KEYS));
	}

	public static void main(String[] args) {
		if (args.length != 1) {
			System.err.println("usage: LocalKeys <keys directory>");
			System.exit(2);
		}
		Path dir = Path.of(args[0]);
		try {
			UrlSigningKeys urls = ensure(dir);
			System.out.println(
					"keys in " + dir + ": listener tokens " + TokenKeys.loadSigning(dir) + ", signed URLs " + urls);
		}
		catch (IOException | RuntimeException ex) {
			System.err.println("keys in " + dir + " cannot be made or read: " + ex.getMessage());
			System.exit(1);
		}
	}

}
