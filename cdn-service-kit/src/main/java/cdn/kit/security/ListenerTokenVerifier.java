package cdn.kit.security;

import java.security.Key;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import io.jsonwebtoken.Claims;
import io.jsonwebtoken.ExpiredJwtException;
import io.jsonwebtoken.Header;
import io.jsonwebtoken.JwtParser;
import io.jsonwebtoken.Jwts;
import io.jsonwebtoken.PrematureJwtException;
import io.jsonwebtoken.ProtectedHeader;

import cdn.kit.security.TokenRejectedException.Reason;

/**
 * Verifies listener tokens for one service (its audience: {@code "tracker"},
 * {@code "signaling"}, {@code "edge"}), with public keys only. Returns the token's
 * {@link ListenerClaims} or throws a {@link TokenRejectedException} with a closed reason.
 *
 * <p>
 * The rules, in the order they are checked:
 * <ol>
 * <li>at most {@value #MAX_TOKEN_LENGTH} characters of compact JWS
 * ({@code header.payload.signature}, base64url), else {@code MALFORMED};</li>
 * <li>the header, before any cryptography: {@code alg} exactly {@code ES256}
 * ({@code ALGORITHM} for {@code none}, HS256, RS256, ES384...: the algorithm comes from
 * the key, never from the token), a {@code kid} naming a live key ({@code UNKNOWN_KEY}),
 * nothing but {@code alg}, {@code kid} and {@code typ: JWT} ({@code MALFORMED}: no
 * {@code crit}, {@code b64}, {@code zip}, {@code jwk}, {@code jku} - a verifier never
 * takes a key or a processing rule from the token);</li>
 * <li>the signature ({@code BAD_SIGNATURE}), then {@code exp} and {@code nbf} with the
 * clock skew ({@code EXPIRED}, {@code NOT_YET_VALID}), by jjwt;</li>
 * <li>{@code exp} present ({@code NO_EXPIRY}: jjwt only checks an {@code exp} that is
 * there), {@code iat} not in the future, {@code exp - iat} and {@code exp - now} within
 * {@link ListenerTokenIssuer#MAX_LIFETIME} ({@code LIFETIME_TOO_LONG});</li>
 * <li>{@code aud} names this service ({@code WRONG_AUDIENCE});</li>
 * <li>{@code sub}, {@code region}, {@code tenant} present ({@code MISSING_CLAIM}) and
 * well-formed ({@code MALFORMED}); {@code track} optional, a track id when present
 * ({@code MALFORMED}). Whether a token without one is enough is the service's to say (an
 * edge's: {@link ListenerClaims#requireContent}).</li>
 * </ol>
 */
public final class ListenerTokenVerifier {

	public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(30);

	public static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(2);

	/** Longer tokens are refused before any parsing; ours are about 400 characters. */
	public static final int MAX_TOKEN_LENGTH = 4096;

	private static final String ALGORITHM = "ES256";

	private static final String BEARER = "Bearer";

	/** The signature may be empty here so that {@code alg: none} is named as such. */
	private static final Pattern COMPACT_JWS = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

	private static final Pattern SERVICE = Pattern.compile("[a-z0-9-]{1,32}");

	private static final Set<String> HEADER_PARAMETERS = Set.of("alg", "kid", "typ");

	private final TokenKeys keys;

	private final String audience;

	private final Duration clockSkew;

	private final Clock clock;

	private final JwtParser parser;

	public ListenerTokenVerifier(TokenKeys keys, String audience, Clock clock) {
		this(keys, audience, DEFAULT_CLOCK_SKEW, clock);
	}

	/**
	 * @param clockSkew how far clocks may disagree, at most {@link #MAX_CLOCK_SKEW}
	 */
	public ListenerTokenVerifier(TokenKeys keys, String audience, Duration clockSkew, Clock clock) {
		if (audience == null || !SERVICE.matcher(audience).matches()) {
			throw new IllegalArgumentException("audience must match [a-z0-9-]{1,32}");
		}
		if (clockSkew.isNegative() || clockSkew.compareTo(MAX_CLOCK_SKEW) > 0) {
			throw new IllegalArgumentException("clock skew must be between 0 and " + MAX_CLOCK_SKEW);
		}
		this.keys = keys;
		this.audience = audience;
		this.clockSkew = clockSkew;
		this.clock = clock;
		this.parser = Jwts.parser()
			.json(JwtJson.DESERIALIZER)
			.keyLocator(this::locate)
			.clock(() -> Date.from(clock.instant()))
			.clockSkewSeconds(clockSkew.toSeconds())
			// defence in depth: the header check below already allows ES256 only
			.sig()
			.clear()
			.add(Jwts.SIG.ES256)
			.and()
			// no compressed payloads: nothing to inflate, no zip bombs
			.zip()
			.clear()
			.and()
			.build();
	}

	public String audience() {
		return this.audience;
	}

	/** How far clocks may disagree. */
	public Duration clockSkew() {
		return this.clockSkew;
	}

	/**
	 * The claims of the token in an {@code Authorization} header value,
	 * {@code Bearer <token>} (the scheme in any case). No header, another scheme or no
	 * token: {@code MISSING}; anything after the scheme that is not one token:
	 * {@code MALFORMED}.
	 */
	public ListenerClaims bearer(String authorization) {
		return verify(bearerToken(authorization));
	}

	/**
	 * The token of an {@code Authorization} header value, not verified: {@code MISSING}
	 * or {@code MALFORMED} as {@link #bearer} says.
	 */
	public static String bearerToken(String authorization) {
		if (authorization == null || authorization.isBlank()) {
			throw new TokenRejectedException(Reason.MISSING);
		}
		if (authorization.length() > MAX_TOKEN_LENGTH + 64) {
			throw new TokenRejectedException(Reason.MALFORMED);
		}
		String value = authorization.strip();
		if (!value.regionMatches(true, 0, BEARER, 0, BEARER.length())
				|| (value.length() > BEARER.length() && value.charAt(BEARER.length()) != ' ')) {
			throw new TokenRejectedException(Reason.MISSING);
		}
		String token = value.substring(BEARER.length()).strip();
		if (token.isEmpty()) {
			throw new TokenRejectedException(Reason.MISSING);
		}
		return token;
	}

	/** The claims of a token, or a {@link TokenRejectedException}. */
	public ListenerClaims verify(String token) {
		return verified(token).claims();
	}

	/**
	 * The claims of a token and when it expires, or a {@link TokenRejectedException}.
	 */
	public VerifiedToken verified(String token) {
		if (token == null || token.isEmpty()) {
			throw new TokenRejectedException(Reason.MISSING);
		}
		if (token.length() > MAX_TOKEN_LENGTH || !COMPACT_JWS.matcher(token).matches()) {
			throw new TokenRejectedException(Reason.MALFORMED);
		}
		checkHeader(token.substring(0, token.indexOf('.')));
		Claims claims;
		try {
			claims = this.parser.parseSignedClaims(token).getPayload();
		}
		catch (TokenRejectedException ex) {
			throw ex;
		}
		catch (ExpiredJwtException ex) {
			throw new TokenRejectedException(Reason.EXPIRED, ex);
		}
		catch (PrematureJwtException ex) {
			throw new TokenRejectedException(Reason.NOT_YET_VALID, ex);
		}
		catch (io.jsonwebtoken.security.SecurityException ex) {
			// SignatureException and its kin: the signature does not hold
			throw new TokenRejectedException(Reason.BAD_SIGNATURE, ex);
		}
		catch (RuntimeException ex) {
			// MalformedJwtException, UnsupportedJwtException (not claims), a bad JSON
			// value: untrusted input never becomes a 500
			throw new TokenRejectedException(Reason.MALFORMED, ex);
		}
		try {
			return verifiedToken(claims);
		}
		catch (TokenRejectedException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			// a claim of the wrong type (RequiredTypeException) or format
			throw new TokenRejectedException(Reason.MALFORMED, ex);
		}
	}

	private void checkHeader(String encoded) {
		Map<String, Object> header;
		try {
			header = JwtJson.object(Base64.getUrlDecoder().decode(encoded));
		}
		catch (RuntimeException ex) {
			throw new TokenRejectedException(Reason.MALFORMED, ex);
		}
		if (!ALGORITHM.equals(header.get("alg"))) {
			throw new TokenRejectedException(Reason.ALGORITHM);
		}
		if (!(header.get("kid") instanceof String kid) || this.keys.publicKey(kid) == null) {
			throw new TokenRejectedException(Reason.UNKNOWN_KEY);
		}
		Object type = header.get("typ");
		if ((type != null && !"JWT".equals(type)) || !HEADER_PARAMETERS.containsAll(header.keySet())) {
			throw new TokenRejectedException(Reason.MALFORMED);
		}
	}

	/** jjwt asks for the key after it parsed the header; checked once more here. */
	private Key locate(Header header) {
		if (!(header instanceof ProtectedHeader jws) || !ALGORITHM.equals(jws.getAlgorithm())) {
			throw new TokenRejectedException(Reason.ALGORITHM);
		}
		PublicKey key = this.keys.publicKey(jws.getKeyId());
		if (key == null) {
			throw new TokenRejectedException(Reason.UNKNOWN_KEY);
		}
		return key;
	}

	private VerifiedToken verifiedToken(Claims claims) {
		Date expiration = claims.getExpiration();
		if (expiration == null) {
			throw new TokenRejectedException(Reason.NO_EXPIRY);
		}
		Instant exp = expiration.toInstant();
		Instant now = this.clock.instant();
		Date issuedAt = claims.getIssuedAt();
		if (issuedAt != null) {
			Instant iat = issuedAt.toInstant();
			if (iat.isAfter(now.plus(this.clockSkew))) {
				throw new TokenRejectedException(Reason.NOT_YET_VALID);
			}
			if (Duration.between(iat, exp).compareTo(ListenerTokenIssuer.MAX_LIFETIME) > 0) {
				throw new TokenRejectedException(Reason.LIFETIME_TOO_LONG);
			}
		}
		// also without iat, or with one set far back: no token is good for more than the
		// cap
		if (Duration.between(now, exp).compareTo(ListenerTokenIssuer.MAX_LIFETIME.plus(this.clockSkew)) > 0) {
			throw new TokenRejectedException(Reason.LIFETIME_TOO_LONG);
		}
		Set<String> audience = claims.getAudience();
		if (audience == null || !audience.contains(this.audience)) {
			throw new TokenRejectedException(Reason.WRONG_AUDIENCE);
		}
		String subject = claims.getSubject();
		String region = claims.get("region", String.class);
		String tenant = claims.get("tenant", String.class);
		if (subject == null || region == null || tenant == null) {
			throw new TokenRejectedException(Reason.MISSING_CLAIM);
		}
		String track = claims.get("track", String.class);
		return new VerifiedToken(new ListenerClaims(subject, region, tenant, audience, track), exp);
	}

	@Override
	public String toString() {
		return "ListenerTokenVerifier[" + this.audience + ", " + this.keys + ", skew=" + this.clockSkew + "]";
	}

}
