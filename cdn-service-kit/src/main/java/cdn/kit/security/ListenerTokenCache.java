package cdn.kit.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

import cdn.kit.security.TokenRejectedException.Reason;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * A {@link ListenerTokenVerifier} that verifies each token once: a listener sends the
 * same token with every announce and lookup for its lifetime, and an ES256 check costs
 * far more than the request it guards. Only tokens that passed are kept (a flood of
 * forged ones fills nothing), at most {@code maxEntries}, each no longer than the longest
 * lifetime; the expiry is checked again on every use, with the verifier's skew.
 *
 * <p>
 * A path that must stay cheap whatever it is sent (a Netty event loop answering hits)
 * asks {@link #cached} instead, which never verifies: a token not yet verified (a forged
 * one above all) is handed on to where {@link #verified} checks it once.
 * {@link #verifications()} counts the signature checks made, for a metric.
 */
public final class ListenerTokenCache {

	private final ListenerTokenVerifier verifier;

	private final Cache<String, VerifiedToken> verified;

	private final Clock clock;

	private final Duration clockSkew;

	private final LongAdder verifications = new LongAdder();

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
			this.verifications.increment();
			known = this.verifier.verified(token);
			this.verified.put(token, known);
		}
		if (this.clock.instant().isAfter(known.expiresAt().plus(this.clockSkew))) {
			this.verified.invalidate(token);
			throw new TokenRejectedException(Reason.EXPIRED);
		}
		return known;
	}

	/**
	 * The token's claims and expiry when it was verified before and has not expired (with
	 * the skew), else {@code null}: never verifies, never throws. For a fast path that
	 * hands anything else on to one that calls {@link #verified}.
	 */
	public VerifiedToken cached(String token) {
		if (token == null) {
			return null;
		}
		VerifiedToken known = this.verified.getIfPresent(token);
		if (known == null || this.clock.instant().isAfter(known.expiresAt().plus(this.clockSkew))) {
			return null;
		}
		return known;
	}

	/** How many tokens were verified (signature checked) rather than found cached. */
	public long verifications() {
		return this.verifications.sum();
	}

	public String audience() {
		return this.verifier.audience();
	}

}
