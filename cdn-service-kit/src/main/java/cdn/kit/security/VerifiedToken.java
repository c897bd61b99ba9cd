package cdn.kit.security;

import java.time.Instant;

/**
 * A listener token that passed every check: its claims, and when it expires.
 *
 * @param claims what the token says
 * @param expiresAt its {@code exp}
 */
public record VerifiedToken(ListenerClaims claims, Instant expiresAt) {

}
