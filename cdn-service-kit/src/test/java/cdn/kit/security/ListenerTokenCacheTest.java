package cdn.kit.security;

import java.time.Duration;
import java.time.Instant;

import cdn.kit.security.TokenRejectedException.Reason;
import cdn.kit.test.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListenerTokenCacheTest {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T12:00:00Z"));

	private final TokenKeys keys = TokenKeys.of("k1", TokenKeys.newKeyPair());

	private final ListenerTokenIssuer issuer = new ListenerTokenIssuer(this.keys, Duration.ofMinutes(10), this.clock);

	private final ListenerTokenCache cache = new ListenerTokenCache(
			new ListenerTokenVerifier(this.keys.publicOnly(), ListenerClaims.TRACKER, this.clock), 100, this.clock);

	@Test
	void aCachedTokenStillExpiresAtItsExpiryPlusTheSkew() {
		String token = this.issuer.issue(ListenerClaims.forAllServices("peer-1", "eu-west", "acme"));
		assertThat(this.cache.bearer("Bearer " + token).peerId()).isEqualTo("peer-1");

		this.clock.advance(Duration.ofMinutes(10).plusSeconds(30));
		assertThat(this.cache.verified(token).claims().peerId()).as("within the skew").isEqualTo("peer-1");

		this.clock.advance(Duration.ofSeconds(1));
		assertThatThrownBy(() -> this.cache.verified(token)).isInstanceOfSatisfying(TokenRejectedException.class,
				(rejected) -> assertThat(rejected.reason()).isEqualTo(Reason.EXPIRED));
	}

	@Test
	void cachedNeverVerifiesItAnswersOnlyForATokenVerifiedBeforeAndUnexpired() {
		String token = this.issuer.issue(ListenerClaims.forAllServices("peer-1", "eu-west", "acme"));
		String forged = new ListenerTokenIssuer(TokenKeys.of("k1", TokenKeys.newKeyPair()), this.clock)
			.issue(ListenerClaims.forAllServices("peer-1", "eu-west", "acme"));

		assertThat(this.cache.cached(token)).as("not verified yet").isNull();
		assertThat(this.cache.cached(forged)).isNull();
		assertThat(this.cache.cached(forged)).isNull();
		assertThat(this.cache.cached(null)).isNull();
		assertThat(this.cache.verifications()).as("cached() verifies nothing").isZero();

		assertThat(this.cache.verified(token).claims().peerId()).isEqualTo("peer-1");
		assertThat(this.cache.verifications()).isOne();
		assertThat(this.cache.cached(token).claims().peerId()).isEqualTo("peer-1");
		assertThat(this.cache.verified(token).claims().peerId()).isEqualTo("peer-1");
		assertThat(this.cache.verifications()).as("verified once").isOne();
		// a forged token is verified (and refused) each time it is asked to be
		for (int i = 0; i < 3; i++) {
			assertThatThrownBy(() -> this.cache.verified(forged)).isInstanceOf(TokenRejectedException.class);
		}
		assertThat(this.cache.verifications()).isEqualTo(4);
		assertThat(this.cache.cached(forged)).isNull();

		this.clock.advance(Duration.ofMinutes(10).plusSeconds(31));
		assertThat(this.cache.cached(token)).as("expired past the skew").isNull();
		assertThat(this.cache.verifications()).isEqualTo(4);
	}

	@Test
	void aRejectedTokenIsNotKeptAndIsRejectedEveryTime() {
		String token = this.issuer.issue(ListenerClaims.forAllServices("peer-1", "eu-west", "acme"));
		String tampered = token.substring(0, token.length() - 4) + (token.endsWith("AAAA") ? "BBBB" : "AAAA");

		for (int i = 0; i < 2; i++) {
			assertThatThrownBy(() -> this.cache.verified(tampered)).isInstanceOf(TokenRejectedException.class);
		}
		assertThatThrownBy(() -> this.cache.bearer(null)).isInstanceOfSatisfying(TokenRejectedException.class,
				(rejected) -> assertThat(rejected.reason()).isEqualTo(Reason.MISSING));
	}

}
