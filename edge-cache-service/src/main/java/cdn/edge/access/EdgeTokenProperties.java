package cdn.edge.access;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code edge.tokens.*}: listener tokens ({@code cdn.kit.security}) an edge that requires
 * signed URLs accepts in place of a signature, as the tracker and signaling read theirs
 * ({@code tracker.tokens.*}, {@code signaling.tokens.*}).
 *
 * @param keysDir the routers' public keys ({@code <kid>.pub.pem}, at most two); empty: no
 * token is accepted, a request needs its signature (as before)
 * @param clockSkew how far the router's clock and this one may disagree (at most 2m)
 * @param cacheSize verified tokens kept, so that each is checked once
 */
@ConfigurationProperties("edge.tokens")
public record EdgeTokenProperties(@DefaultValue("") String keysDir, @DefaultValue("30s") Duration clockSkew,
		@DefaultValue("100000") int cacheSize) {

	public EdgeTokenProperties {
		if (cacheSize < 1) {
			throw new IllegalArgumentException("edge.tokens.cache-size must be positive");
		}
	}

	/** Whether tokens are accepted: a keys directory is set. */
	public boolean enabled() {
		return !this.keysDir.isBlank();
	}

}
