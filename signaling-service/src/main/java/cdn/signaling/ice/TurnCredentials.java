package cdn.signaling.ice;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Ephemeral TURN credentials in the TURN REST API scheme that coturn checks with
 * {@code use-auth-secret}: the username is {@code expiry:peerId} (expiry in Unix
 * seconds), the password base64(HMAC-SHA1(secret, username)). Nothing is stored: coturn
 * recomputes the password from the username and refuses it once the expiry passed.
 */
public final class TurnCredentials {

	private static final String HMAC_SHA1 = "HmacSHA1";

	private final byte[] secret;

	private final Duration ttl;

	private final Clock clock;

	public TurnCredentials(String secret, Duration ttl, Clock clock) {
		this.secret = secret.getBytes(StandardCharsets.UTF_8);
		this.ttl = ttl;
		this.clock = clock;
	}

	/** A username and password for {@code peerId}, valid for the configured lifetime. */
	public Credential issue(String peerId) {
		long expiry = this.clock.instant().plus(this.ttl).getEpochSecond();
		String username = expiry + ":" + peerId;
		return new Credential(username, password(username), this.ttl.toSeconds());
	}

	/** The password coturn expects for {@code username}. */
	public String password(String username) {
		try {
			Mac mac = Mac.getInstance(HMAC_SHA1);
			mac.init(new SecretKeySpec(this.secret, HMAC_SHA1));
			return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
		}
		catch (NoSuchAlgorithmException | InvalidKeyException ex) {
			throw new IllegalStateException("HMAC-SHA1 is part of every JDK", ex);
		}
	}

	/**
	 * @param ttlSeconds how long it stays valid
	 */
	public record Credential(String username, String credential, long ttlSeconds) {

		@Override
		public String toString() {
			return "Credential[username=" + this.username + ", credential=******]";
		}

	}

}
