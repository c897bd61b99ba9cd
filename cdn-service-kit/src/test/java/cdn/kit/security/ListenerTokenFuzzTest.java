package cdn.kit.security;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import com.code_intelligence.jazzer.junit.FuzzTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A listener token is attacker input: whatever a client puts in {@code Authorization} or
 * a signaling join, the verifier answers with the claims of a token we issued or a
 * {@link TokenRejectedException} (the kit's 401/403), never another exception (a 500).
 * {@link #anyToken} feeds the text as it is ({@code bearer} and {@code verified});
 * {@link #signedByUs} signs a header and claims of the input's choosing (first line the
 * header JSON, the rest the payload JSON) with the live key, so that everything after the
 * signature check is fuzzed too: what passes is a well-formed token for this service,
 * valid now, for at most the hour a token may live. Without {@code JAZZER_FUZZ} only the
 * seeds run ({@code ListenerTokenFuzzTestInputs/<method>}).
 */
class ListenerTokenFuzzTest {

	/** The seeds' clock: their {@code iat} is 1772366400. */
	static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

	static final KeyPair LIVE = TokenKeys.newKeyPair();

	static final ListenerTokenVerifier VERIFIER = new ListenerTokenVerifier(TokenKeys.of("k1", LIVE).publicOnly(),
			ListenerClaims.TRACKER, Clock.fixed(NOW, ZoneOffset.UTC));

	static final ListenerTokenCache CACHE = new ListenerTokenCache(VERIFIER, 1000, Clock.fixed(NOW, ZoneOffset.UTC));

	@FuzzTest(maxDuration = "30s")
	void anyToken(byte[] input) {
		String text = new String(input, StandardCharsets.UTF_8);
		accepted(() -> CACHE.bearer(text));
		accepted(() -> CACHE.verified(text).claims());
		accepted(() -> VERIFIER.bearer(text));
	}

	@FuzzTest(maxDuration = "30s")
	void signedByUs(byte[] input) {
		String text = new String(input, StandardCharsets.UTF_8);
		int newline = text.indexOf('\n');
		if (newline < 0) {
			return;
		}
		String token = JwtForge.token(text.substring(0, newline), text.substring(newline + 1),
				JwtForge.es256(LIVE.getPrivate()));
		VerifiedToken verified;
		try {
			verified = VERIFIER.verified(token);
		}
		catch (TokenRejectedException ex) {
			assertThat(ex.reason()).isNotNull();
			return;
		}
		assertThat(verified.claims().audience()).contains(ListenerClaims.TRACKER);
		Duration skew = VERIFIER.clockSkew();
		assertThat(verified.expiresAt()).isAfterOrEqualTo(NOW.minus(skew))
			.isBeforeOrEqualTo(NOW.plus(ListenerTokenIssuer.MAX_LIFETIME).plus(skew));
	}

	/** The claims, or a rejection; anything else fails the fuzz test. */
	private static void accepted(Verification verification) {
		ListenerClaims claims;
		try {
			claims = verification.claims();
		}
		catch (TokenRejectedException ex) {
			assertThat(ex.reason()).isNotNull();
			assertThat(ex.status()).isIn(401, 403);
			return;
		}
		// a fuzzer cannot forge our signature: a token it made never passes
		throw new AssertionError("a token nobody signed was accepted: " + claims);
	}

	@FunctionalInterface
	private interface Verification {

		ListenerClaims claims();

	}

}
