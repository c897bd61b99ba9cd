package cdn.kit.security;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

import cdn.kit.security.TokenRejectedException.Reason;
import cdn.kit.test.MutableClock;

import static cdn.kit.security.JwtForge.b64;
import static cdn.kit.security.JwtForge.es256;
import static cdn.kit.security.JwtForge.json;
import static cdn.kit.security.JwtForge.token;
import static cdn.kit.security.JwtForge.unb64;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ListenerTokenTest {

	private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

	private static final long NOW_S = NOW.getEpochSecond();

	private static final KeyPair LIVE = TokenKeys.newKeyPair();

	private static final TokenKeys KEYS = TokenKeys.of("k1", LIVE);

	private static final ListenerClaims CLAIMS = new ListenerClaims("peer-1", "eu-west", "acme",
			Set.of(ListenerClaims.TRACKER, ListenerClaims.EDGE));

	private static final ListenerTokenVerifier TRACKER = new ListenerTokenVerifier(KEYS.publicOnly(),
			ListenerClaims.TRACKER, Clock.fixed(NOW, ZoneOffset.UTC));

	private static final String ES256_K1 = json("alg", "ES256", "kid", "k1");

	// ---- the matrix: every way a token can be wrong, and the few ways it is right

	static Stream<Arguments> matrix() {
		KeyPair other = TokenKeys.newKeyPair();
		KeyPair rsa = JwtForge.rsaKeyPair();
		KeyPair p384 = JwtForge.p384KeyPair();
		byte[] publicPem = Pem.encode(Pem.PUBLIC_KEY, LIVE.getPublic().getEncoded())
			.getBytes(StandardCharsets.US_ASCII);
		String valid = issuedAt(NOW);
		String[] parts = valid.split("\\.");
		String claims = payload();
		return Stream.of(
				// right
				arguments("a valid token", valid, null),
				arguments("a token expired less than the clock skew ago",
						issuedAt(NOW.minus(Duration.ofMinutes(10)).minusSeconds(20)), null),
				arguments("a token not before a time within the clock skew",
						signed(ES256_K1, payload("nbf", NOW_S + 20)), null),
				arguments("a token with a single-string audience", signed(ES256_K1, payload("aud", "tracker")), null),
				arguments("a token without iat", signed(ES256_K1, payload("iat", null)), null),
				arguments("a token without typ", signed(ES256_K1, claims), null),
				// no token, not a token
				arguments("no token", null, Reason.MISSING), arguments("an empty token", "", Reason.MISSING),
				arguments("not a JWT", "not-a-token", Reason.MALFORMED),
				arguments("a token over 4 KiB", signed(ES256_K1, payload("tenant", "a".repeat(4096))),
						Reason.MALFORMED),
				arguments("a JWE (five parts)", "a.b.c.d.e", Reason.MALFORMED),
				arguments("a header that is not JSON", b64("{alg") + "." + parts[1] + "." + parts[2], Reason.MALFORMED),
				arguments("a header that is a JSON array", b64("[]") + "." + parts[1] + "." + parts[2],
						Reason.MALFORMED),
				arguments("a payload that is not JSON", signed(ES256_K1, "{sub"), Reason.MALFORMED),
				// the algorithm comes from the key, never from the token
				arguments("alg none, no signature",
						token(json("alg", "none", "kid", "k1"), claims, JwtForge.fixed(new byte[0])), Reason.ALGORITHM),
				arguments("alg NONE with the valid token's signature",
						b64(json("alg", "NONE", "kid", "k1")) + "." + parts[1] + "." + parts[2], Reason.ALGORITHM),
				arguments("no alg", signed(json("kid", "k1"), claims), Reason.ALGORITHM),
				arguments("HS256 with the public key's PEM as the secret (RS/HS confusion)",
						token(json("alg", "HS256", "kid", "k1"), claims, JwtForge.hs256(publicPem)), Reason.ALGORITHM),
				arguments("HS256 with the public key's DER as the secret",
						token(json("alg", "HS256", "kid", "k1"), claims, JwtForge.hs256(LIVE.getPublic().getEncoded())),
						Reason.ALGORITHM),
				arguments("RS256 with another key",
						token(json("alg", "RS256", "kid", "k1"), claims, JwtForge.rs256(rsa.getPrivate())),
						Reason.ALGORITHM),
				arguments("ES384 with a P-384 key",
						token(json("alg", "ES384", "kid", "k1"), claims, JwtForge.es384(p384.getPrivate())),
						Reason.ALGORITHM),
				// keys and signatures
				arguments("ES256 with a wrong key", token(ES256_K1, claims, es256(other.getPrivate())),
						Reason.BAD_SIGNATURE),
				arguments("an all-zero signature (CVE-2022-21449)",
						token(ES256_K1, claims, JwtForge.fixed(new byte[64])), Reason.BAD_SIGNATURE),
				arguments("a DER-encoded signature", token(ES256_K1, claims, JwtForge.es256Der(LIVE.getPrivate())),
						Reason.BAD_SIGNATURE),
				arguments("a tampered payload (another peer, the same signature)",
						parts[0] + "." + b64(unb64(parts[1]).replace("peer-1", "peer-2")) + "." + parts[2],
						Reason.BAD_SIGNATURE),
				arguments("an unknown kid", token(json("alg", "ES256", "kid", "k9"), claims, es256(other.getPrivate())),
						Reason.UNKNOWN_KEY),
				arguments("no kid", token(json("alg", "ES256"), claims, es256(LIVE.getPrivate())), Reason.UNKNOWN_KEY),
				arguments("a kid that is not a string", signed(json("alg", "ES256", "kid", 1), claims),
						Reason.UNKNOWN_KEY),
				arguments("a header carrying its own key (jwk)",
						token(json("alg", "ES256", "kid", "k1", "jwk", Map.of("kty", "EC")), claims,
								es256(other.getPrivate())),
						Reason.MALFORMED),
				arguments("a crit header", signed(json("alg", "ES256", "kid", "k1", "crit", List.of("exp")), claims),
						Reason.MALFORMED),
				arguments("a zip header", signed(json("alg", "ES256", "kid", "k1", "zip", "DEF"), claims),
						Reason.MALFORMED),
				arguments("typ other than JWT", signed(json("alg", "ES256", "kid", "k1", "typ", "at+jwt"), claims),
						Reason.MALFORMED),
				arguments("a duplicate alg in the header",
						signed("{\"alg\":\"ES256\",\"kid\":\"k1\",\"alg\":\"none\"}", claims), Reason.MALFORMED),
				arguments("a duplicate sub in the payload",
						signed(ES256_K1, claims.replace("\"sub\":\"peer-1\"", "\"sub\":\"peer-1\",\"sub\":\"peer-2\"")),
						Reason.MALFORMED),
				// time
				arguments("an expired token", issuedAt(NOW.minus(Duration.ofMinutes(20))), Reason.EXPIRED),
				arguments("nbf in the future beyond the skew", signed(ES256_K1, payload("nbf", NOW_S + 300)),
						Reason.NOT_YET_VALID),
				arguments("iat in the future beyond the skew", issuedAt(NOW.plus(Duration.ofMinutes(5))),
						Reason.NOT_YET_VALID),
				arguments("no exp", signed(ES256_K1, payload("exp", null)), Reason.NO_EXPIRY),
				arguments("a lifetime over the cap", signed(ES256_K1, payload("exp", NOW_S + 7200)),
						Reason.LIFETIME_TOO_LONG),
				arguments("a lifetime over the cap without iat",
						signed(ES256_K1, payload("iat", null, "exp", NOW_S + 7200)), Reason.LIFETIME_TOO_LONG),
				arguments("an iat set back to stretch the lifetime",
						signed(ES256_K1, payload("iat", NOW_S - 3000, "exp", NOW_S + 3000)), Reason.LIFETIME_TOO_LONG),
				arguments("an exp that is not a number", signed(ES256_K1, payload("exp", "soon")), Reason.MALFORMED),
				// audience and claims
				arguments("a token for another service", signed(ES256_K1, payload("aud", List.of("signaling"))),
						Reason.WRONG_AUDIENCE),
				arguments("no audience", signed(ES256_K1, payload("aud", null)), Reason.WRONG_AUDIENCE),
				arguments("no sub", signed(ES256_K1, payload("sub", null)), Reason.MISSING_CLAIM),
				arguments("no region", signed(ES256_K1, payload("region", null)), Reason.MISSING_CLAIM),
				arguments("no tenant", signed(ES256_K1, payload("tenant", null)), Reason.MISSING_CLAIM),
				arguments("a sub that is not a peer id", signed(ES256_K1, payload("sub", "../peer")), Reason.MALFORMED),
				arguments("a region that is not a string", signed(ES256_K1, payload("region", 7)), Reason.MALFORMED),
				arguments("a track that is not a track id", signed(ES256_K1, payload("track", "../t2")),
						Reason.MALFORMED),
				arguments("a track that is not a string", signed(ES256_K1, payload("track", List.of("t1"))),
						Reason.MALFORMED));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("matrix")
	void eachTokenIsAcceptedOrRefusedWithItsReason(String name, String token, Reason expected) {
		if (expected == null) {
			ListenerClaims claims = TRACKER.verify(token);
			assertThat(claims.peerId()).isEqualTo("peer-1");
			assertThat(claims.region()).isEqualTo("eu-west");
			assertThat(claims.tenant()).isEqualTo("acme");
			assertThat(claims.audience()).contains("tracker");
		}
		else {
			assertThat(refusal(() -> TRACKER.verify(token)).reason()).isEqualTo(expected);
		}
	}

	// ---- issuing

	@Test
	@SuppressWarnings("unchecked")
	void anIssuedTokenIsAnEs256JwsWithKidAndTheClaims() {
		String[] parts = issuedAt(NOW).split("\\.");
		Map<String, Object> header = JwtJson.object(unb64(parts[0]).getBytes(StandardCharsets.UTF_8));
		Map<String, Object> payload = JwtJson.object(unb64(parts[1]).getBytes(StandardCharsets.UTF_8));
		assertThat(header).containsOnly(Map.entry("alg", "ES256"), Map.entry("kid", "k1"), Map.entry("typ", "JWT"));
		assertThat(payload).containsEntry("sub", "peer-1")
			.containsEntry("region", "eu-west")
			.containsEntry("tenant", "acme")
			.containsEntry("iat", (int) NOW_S)
			.containsEntry("exp", (int) (NOW_S + 600));
		assertThat((List<Object>) payload.get("aud")).containsExactlyInAnyOrder("tracker", "edge");
	}

	@Test
	void theLifetimeIsTenMinutesByDefaultAndAtMostAnHour() {
		assertThat(new ListenerTokenIssuer(KEYS, Clock.systemUTC()).lifetime()).isEqualTo(Duration.ofMinutes(10));
		assertThat(new ListenerTokenIssuer(KEYS, Duration.ofHours(1), Clock.systemUTC()).lifetime())
			.isEqualTo(Duration.ofHours(1));
		for (Duration lifetime : List.of(Duration.ofHours(1).plusSeconds(1), Duration.ZERO, Duration.ofMillis(500),
				Duration.ofMinutes(-1))) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new ListenerTokenIssuer(KEYS, lifetime, Clock.systemUTC()));
		}
	}

	@Test
	void aTokenLivingTheWholeHourPassesAndExpiresAfterIt() {
		ListenerTokenIssuer issuer = new ListenerTokenIssuer(KEYS, Duration.ofHours(1),
				Clock.fixed(NOW, ZoneOffset.UTC));
		String token = issuer.issue(CLAIMS);
		assertThat(TRACKER.verify(token)).isEqualTo(CLAIMS);
		MutableClock clock = new MutableClock(NOW);
		ListenerTokenVerifier verifier = new ListenerTokenVerifier(KEYS, "edge", Duration.ZERO, clock);
		clock.advance(Duration.ofHours(1));
		assertThat(verifier.verify(token)).isEqualTo(CLAIMS);
		clock.advance(Duration.ofSeconds(1));
		assertThat(refusal(() -> verifier.verify(token)).reason()).isEqualTo(Reason.EXPIRED);
	}

	@Test
	void onlyASetWithThePrivateKeyIssues() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ListenerTokenIssuer(KEYS.publicOnly(), Clock.systemUTC()));
	}

	// ---- verifying

	@Test
	void theClockSkewIsThirtySecondsByDefaultAndAtMostTwoMinutes() {
		String expired40sAgo = issuedAt(NOW.minus(Duration.ofMinutes(10)).minusSeconds(40));
		assertThat(refusal(() -> TRACKER.verify(expired40sAgo)).reason()).isEqualTo(Reason.EXPIRED);
		ListenerTokenVerifier lenient = new ListenerTokenVerifier(KEYS, "tracker", Duration.ofMinutes(2),
				Clock.fixed(NOW, ZoneOffset.UTC));
		assertThat(lenient.verify(expired40sAgo)).isEqualTo(CLAIMS);
		assertThatIllegalArgumentException().isThrownBy(() -> new ListenerTokenVerifier(KEYS, "tracker",
				Duration.ofMinutes(2).plusSeconds(1), Clock.systemUTC()));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ListenerTokenVerifier(KEYS, "tracker", Duration.ofSeconds(-1), Clock.systemUTC()));
	}

	@Test
	void aVerifierIsForOneWellFormedAudience() {
		String token = issuedAt(NOW);
		ListenerTokenVerifier signaling = new ListenerTokenVerifier(KEYS, "signaling",
				Clock.fixed(NOW, ZoneOffset.UTC));
		assertThat(refusal(() -> signaling.verify(token)).reason()).isEqualTo(Reason.WRONG_AUDIENCE);
		for (String audience : new String[] { null, "", "Tracker", "a b" }) {
			assertThatIllegalArgumentException()
				.isThrownBy(() -> new ListenerTokenVerifier(KEYS, audience, Clock.systemUTC()));
		}
	}

	@Test
	void aPeerActsOnlyAsItself() {
		ListenerClaims claims = TRACKER.verify(issuedAt(NOW));
		assertThat(claims.requireSubject("peer-1")).isSameAs(claims);
		TokenRejectedException refusal = refusal(() -> claims.requireSubject("peer-2"));
		assertThat(refusal.reason()).isEqualTo(Reason.WRONG_SUBJECT);
		assertThat(refusal.status()).isEqualTo(403);
		assertThat(refusal(() -> claims.requireSubject(null)).reason()).isEqualTo(Reason.WRONG_SUBJECT);
	}

	@Test
	void aRefusalSaysOnlyItsOwnReasonAndKeepsTheLibrarysForTheLog() {
		String forged = token(ES256_K1, payload(), es256(TokenKeys.newKeyPair().getPrivate()));
		TokenRejectedException refusal = refusal(() -> TRACKER.verify(forged));
		assertThat(refusal.getMessage()).isEqualTo("token signature is not valid");
		assertThat(refusal.status()).isEqualTo(401);
		assertThat(refusal.getCause()).isNotNull();
		assertThat(refusal.getStackTrace()).isEmpty();
		for (Reason reason : Reason.values()) {
			assertThat(reason.message()).doesNotContainIgnoringCase("exception").doesNotContain("k1");
			assertThat(reason.status())
				.isEqualTo((reason == Reason.WRONG_SUBJECT || reason == Reason.WRONG_TRACK) ? 403 : 401);
		}
	}

	// ---- the Authorization header

	@ParameterizedTest
	@ValueSource(strings = { "Bearer ", "bearer ", "BEARER   ", "  Bearer " })
	void aBearerHeaderInAnyCasePasses(String scheme) {
		assertThat(TRACKER.bearer(scheme + issuedAt(NOW) + " ")).isEqualTo(CLAIMS);
	}

	@ParameterizedTest
	@NullSource
	@ValueSource(strings = { "", "   ", "Bearer", "Bearer   ", "Basic cGVlcjpwdw==", "Token abc", "Bearerabc.def.ghi",
			"Bearer\tabc.def.ghi" })
	void withoutABearerTokenTheTokenIsMissing(String header) {
		assertThat(refusal(() -> TRACKER.bearer(header)).reason()).isEqualTo(Reason.MISSING);
	}

	@Test
	void aBearerHeaderWithMoreThanOneTokenOrAnOversizedOneIsMalformed() {
		String token = issuedAt(NOW);
		assertThat(refusal(() -> TRACKER.bearer("Bearer " + token + " " + token)).reason()).isEqualTo(Reason.MALFORMED);
		assertThat(refusal(() -> TRACKER.bearer("Bearer " + "a".repeat(10_000))).reason()).isEqualTo(Reason.MALFORMED);
	}

	// ---- claims

	@Test
	void aTrackClaimIsCarriedWhenIssuedAndATokenWithoutOneStaysValid() {
		ListenerClaims forTrack = ListenerClaims.forAllServices("peer-1", "eu-west", "acme", "night-drive");
		String token = new ListenerTokenIssuer(KEYS, Clock.fixed(NOW, ZoneOffset.UTC)).issue(forTrack);
		assertThat(TRACKER.verify(token)).isEqualTo(forTrack);
		assertThat(unb64(token.split("\\.")[1])).contains("\"track\":\"night-drive\"");
		// none issued without a track: the claim is absent, tracker and signaling take it
		String without = issuedAt(NOW);
		assertThat(unb64(without.split("\\.")[1])).doesNotContain("\"track\"");
		assertThat(TRACKER.verify(without).track()).isNull();
		assertThat(TRACKER.verify(without)).isEqualTo(CLAIMS);
	}

	@Test
	void atAnEdgeATokenOpensItsTracksPlaylistsAndAnySegmentAsASignatureDoes() {
		ListenerClaims claims = ListenerClaims.forAllServices("peer-1", "eu-west", "acme", "t1");
		String segment = "/segments/" + "a".repeat(64) + ".m4s";
		assertThat(claims.requireContent("/tracks/t1/master.m3u8")).isSameAs(claims);
		assertThat(claims.requireContent("/tracks/t1/a128/index.m3u8")).isSameAs(claims);
		assertThat(claims.requireContent(segment)).isSameAs(claims);
		for (String path : List.of("/tracks/t2/master.m3u8", "/tracks/t10/master.m3u8", "/tracks/t1/../t2/master.m3u8",
				"/tracks/t1/%2e%2e/t2/master.m3u8", "/tracks/t%31/master.m3u8", "/tracks//t1/master.m3u8",
				"/segments/not-a-hash.m4s", "/catalog.json")) {
			TokenRejectedException refusal = refusal(() -> claims.requireContent(path));
			assertThat(refusal.reason()).as(path).isEqualTo(Reason.WRONG_TRACK);
			assertThat(refusal.status()).isEqualTo(403);
		}
		// issued for no track: valid for tracker, signaling, router; no content at an
		// edge
		ListenerClaims trackless = ListenerClaims.forAllServices("peer-1", "eu-west", "acme");
		for (String path : List.of("/tracks/t1/master.m3u8", segment)) {
			TokenRejectedException refusal = refusal(() -> trackless.requireContent(path));
			assertThat(refusal.reason()).isEqualTo(Reason.NO_TRACK);
			assertThat(refusal.status()).isEqualTo(401);
			assertThat(refusal.getMessage()).isEqualTo("token not issued for a track");
		}
	}

	@Test
	void claimsAreCheckedWhenMade() {
		assertThat(ListenerClaims.forAllServices("p", "us-east", "t").audience()).containsExactlyInAnyOrder("tracker",
				"signaling", "edge", "router");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ListenerClaims("p/1", "us-east", "t", Set.of("edge")));
		assertThatIllegalArgumentException().isThrownBy(() -> new ListenerClaims("p", "US", "t", Set.of("edge")));
		assertThatIllegalArgumentException().isThrownBy(() -> new ListenerClaims("p", "us-east", "", Set.of("edge")));
		assertThatIllegalArgumentException().isThrownBy(() -> new ListenerClaims("p", "us-east", "t", Set.of()));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ListenerClaims("p", "us-east", "t", Set.of("Edge Cache")));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ListenerClaims("p", "us-east", "t", Set.of("edge"), "Night Drive"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new ListenerClaims("p", "us-east", "t", Set.of("edge"), "t1/"));
	}

	// ---- helpers

	/** A token from the real issuer, with its clock at {@code issuedAt}. */
	private static String issuedAt(Instant issuedAt) {
		return new ListenerTokenIssuer(KEYS, Clock.fixed(issuedAt, ZoneOffset.UTC)).issue(CLAIMS);
	}

	/** A token signed by the live key: only its content is wrong, if anything. */
	private static String signed(String header, String payload) {
		return token(header, payload, es256(LIVE.getPrivate()));
	}

	/**
	 * The claims of {@link #CLAIMS} issued now, with changes: a null value removes a
	 * claim.
	 */
	private static String payload(Object... changes) {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("sub", "peer-1");
		claims.put("region", "eu-west");
		claims.put("tenant", "acme");
		claims.put("aud", List.of("tracker", "edge"));
		claims.put("iat", NOW_S);
		claims.put("exp", NOW_S + 600);
		for (int i = 0; i < changes.length; i += 2) {
			if (changes[i + 1] == null) {
				claims.remove((String) changes[i]);
			}
			else {
				claims.put((String) changes[i], changes[i + 1]);
			}
		}
		return JwtJson.MAPPER.writeValueAsString(claims);
	}

	private static TokenRejectedException refusal(ThrowingCallable call) {
		return catchThrowableOfType(TokenRejectedException.class, call);
	}

}
