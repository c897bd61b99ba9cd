package cdn.kit.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import io.jsonwebtoken.JwtBuilder;
import io.jsonwebtoken.Jwts;

/**
 * Issues listener tokens (the router's side): compact JWS, ES256, header {@code kid} of
 * the current key; claims {@code sub} (peer id), {@code region}, {@code tenant},
 * {@code aud} (a list of services), {@code track} (only when the claims name one: what an
 * edge requires, {@link ListenerClaims#requireContent}), {@code iat} and
 * {@code exp = iat + lifetime}.
 *
 * <p>
 * Short-lived on purpose: there is no revocation, so the lifetime is the window a stolen
 * token is good for. Default {@link #DEFAULT_LIFETIME}, never more than
 * {@link #MAX_LIFETIME} (verifiers refuse longer ones too).
 */
public final class ListenerTokenIssuer {

	public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(10);

	public static final Duration MAX_LIFETIME = Duration.ofHours(1);

	private final TokenKeys keys;

	private final Duration lifetime;

	private final Clock clock;

	public ListenerTokenIssuer(TokenKeys keys, Clock clock) {
		this(keys, DEFAULT_LIFETIME, clock);
	}

	/**
	 * @param lifetime more than zero, at most {@link #MAX_LIFETIME}
	 */
	public ListenerTokenIssuer(TokenKeys keys, Duration lifetime, Clock clock) {
		if (!keys.canSign()) {
			throw new IllegalArgumentException("an issuer needs the private key: " + keys);
		}
		if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(MAX_LIFETIME) > 0
				|| lifetime.toSeconds() == 0) {
			throw new IllegalArgumentException("token lifetime must be between 1 s and " + MAX_LIFETIME);
		}
		this.keys = keys;
		this.lifetime = lifetime;
		this.clock = clock;
	}

	public Duration lifetime() {
		return this.lifetime;
	}

	/** A signed token for {@code claims}, valid from now for {@link #lifetime()}. */
	public String issue(ListenerClaims claims) {
		// JWT times are whole seconds: truncate here so exp - iat is exactly the lifetime
		Instant now = Instant.ofEpochSecond(this.clock.instant().getEpochSecond());
		JwtBuilder builder = Jwts.builder()
			.json(JwtJson.SERIALIZER)
			.header()
			.keyId(this.keys.signingKid())
			.type("JWT")
			.and()
			.subject(claims.peerId())
			.claim("region", claims.region())
			.claim("tenant", claims.tenant())
			.audience()
			.add(claims.audience())
			.and()
			.issuedAt(Date.from(now))
			.expiration(Date.from(now.plus(this.lifetime)));
		if (claims.track() != null) {
			builder.claim("track", claims.track());
		}
		return builder.signWith(this.keys.signingKey(), Jwts.SIG.ES256).compact();
	}

	@Override
	public String toString() {
		return "ListenerTokenIssuer[" + this.keys + ", lifetime=" + this.lifetime + "]";
	}

}
