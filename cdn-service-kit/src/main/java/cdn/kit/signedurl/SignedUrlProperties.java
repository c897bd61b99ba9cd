package cdn.kit.signedurl;

import java.time.Duration;

import cdn.kit.security.Secret;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code cdn.signed-urls.*}: the same in every service that signs (the router) or checks
 * (origin, edges) playlist and segment URLs.
 *
 * @param keysFile a file of {@code <kid>=<base64 secret>} entries, the signing one first
 * ({@link cdn.kit.security.UrlSigningKeys}); the launcher makes one on first start
 * @param keys the same entries inline, for an environment variable
 * ({@code CDN_SIGNED_URLS_KEYS}); {@code keysFile} wins when both are set
 * @param required whether playlists and segments are served only to signed requests (403
 * for a missing or bad signature, 410 for an expired one); needs keys
 * @param lifetime how long a signature the router hands out stays valid
 */
@ConfigurationProperties("cdn.signed-urls")
public record SignedUrlProperties(String keysFile, Secret keys, @DefaultValue("false") boolean required,
		@DefaultValue("1h") Duration lifetime) {

	public SignedUrlProperties {
		if (lifetime.isNegative() || lifetime.compareTo(Duration.ofMinutes(1)) < 0
				|| lifetime.compareTo(Duration.ofDays(1)) > 0) {
			throw new IllegalArgumentException("cdn.signed-urls.lifetime must be between 1m and 1d");
		}
	}

	/** Whether any key is configured. */
	public boolean hasKeys() {
		return (this.keysFile != null && !this.keysFile.isBlank()) || (this.keys != null && !this.keys.isEmpty());
	}

}
