package cdn.kit.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

import cdn.kit.security.TokenRejectedException.Reason;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * A {@link ListenerTokenVerifier} that verifies each token once: a listener sends the
 * same token with every announce and lookup for its lifetime, and an ES256 check costs
 * far more than the request it guards. Only tokens that passed are kept (a flood of
 * forged ones fills nothing), at most {@code maxEntries}, each no longer than the longest
 * lifetime; the expiry is checked again on every use, with the verifier's skew.
 */
public final class ListenerTokenCache {

	private final ListenerTokenVerifier verifier;

	private final Cache<String, VerifiedToken> verified;

	private final Clock clock;

	private final Duration clockSkew;

	public ListenerTokenCache(ListenerTokenVerifier verifier, int maxEntries, Clock clock) {
		this.verifier = verifier;
		this.clock = clock;
		this.clockSkew = verifier.clockSkew();
		this.verified = Caffeine.newBuilder()
			.maximumSize(maxEntries)
			.expireAfterWrite(ListenerTokenIssuer.MAX_LIFETIME.plus(this.clockSkew))
			.build();
	}

	/**
	 * The cache of a service that verifies listener tokens for {@code audience} with the
	 * public keys in {@code keysDir} ({@code <kid>.pub.pem}).
	 * @throws UncheckedIOException naming {@code property} when the keys cannot be read
	 */
	public static ListenerTokenCache ofKeys(Path keysDir, String property, String audience, Duration clockSkew,
			int maxEntries, Clock clock) {
		TokenKeys keys;
		try {
			keys = TokenKeys.loadVerifying(keysDir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(property + " " + keysDir + " cannot be read", ex);
		}
		return new ListenerTokenCache(new ListenerTokenVerifier(keys, audience, clockSkew, clock), maxEntries, clock);
	}

	/** The claims of the token in an {@code Authorization} header value. */
	public ListenerClaims bearer(String authorization) {
		return verified(ListenerTokenVerifier.bearerToken(authorization)).claims();
	}

	/** The token's claims and expiry, from the cache or verified now. */
	public VerifiedToken verified(String token) {
		if (token == null) {
			// no key to look up: the verifier says why (missing)
			return this.verifier.verified(null);
		}
		VerifiedToken known = this.verified.getIfPresent(token);
		if (known == null) {
			known = this.verifier.verified(token);
			this.verified.put(token, known);
		}
		if (this.clock.instant().isAfter(known.expiresAt().plus(this.clockSkew))) {
			this.verified.invalidate(token);
			throw new TokenRejectedException(Reason.EXPIRED);
		}
		return known;
	}

	public String audience() {
		return this.verifier.audience();
	}

}
