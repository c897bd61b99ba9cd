package cdn.signaling.ice;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TurnCredentialsTest {

	private final Clock clock = Clock.fixed(Instant.ofEpochSecond(1_800_000_000L), ZoneOffset.UTC);

	@Test
	void thePasswordIsBase64OfHmacSha1OfTheUsername() {
		// RFC 2202-style known answer: HMAC-SHA1("key", "The quick brown fox jumps over
		// the
		// lazy dog") = de7c9b85b8b78aa6bc8a7a36f70a90701c9db4d9
		TurnCredentials credentials = new TurnCredentials("key", Duration.ofHours(1), this.clock);

		assertThat(credentials.password("The quick brown fox jumps over the lazy dog"))
			.isEqualTo("3nybhbi3iqa8ino29wqQcBydtNk=");
	}

	@Test
	void theUsernameIsTheExpiryAndThePeerAndNeverPrintsThePassword() {
		TurnCredentials.Credential credential = new TurnCredentials("secret", Duration.ofMinutes(30), this.clock)
			.issue("peer-7");

		assertThat(credential.username()).isEqualTo((1_800_000_000L + 1800) + ":peer-7");
		assertThat(credential.ttlSeconds()).isEqualTo(1800);
		assertThat(credential.toString()).doesNotContain(credential.credential());
	}

}
