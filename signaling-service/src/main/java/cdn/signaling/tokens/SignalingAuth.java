package cdn.signaling.tokens;

import java.nio.file.Path;
import java.time.Clock;

import cdn.kit.security.ListenerClaims;
import cdn.kit.security.ListenerTokenCache;
import cdn.kit.security.TokenRejectedException;
import cdn.signaling.config.SignalingProperties;
import cdn.signaling.relay.RelayOnly;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

/**
 * Who may join and get ICE servers: with {@code signaling.tokens.keys-dir} set, a
 * listener with a token the router issued for signaling, as itself; without it, anyone.
 */
@Component
public class SignalingAuth {

	private static final Logger log = LoggerFactory.getLogger(SignalingAuth.class);

	private final ListenerTokenCache tokens;

	SignalingAuth(SignalingProperties properties, Clock clock) {
		SignalingProperties.Tokens settings = properties.tokens();
		this.tokens = settings.required()
				? ListenerTokenCache.ofKeys(Path.of(settings.keysDir()), "signaling.tokens.keys-dir",
						ListenerClaims.SIGNALING, settings.clockSkew(), settings.cacheSize(), clock)
				: null;
		log.info("Listener tokens: {}",
				(this.tokens != null) ? "required" : "not required (signaling.tokens.keys-dir)");
	}

	/**
	 * Returns the listener's tenant when {@code token} is {@code peerId}'s; without
	 * tokens required, {@value RelayOnly#DEFAULT_TENANT}.
	 * @throws TokenRejectedException why not
	 */
	public String check(String token, String peerId) {
		if (this.tokens == null) {
			return RelayOnly.DEFAULT_TENANT;
		}
		return this.tokens.verified(token).claims().requireSubject(peerId).tenant();
	}

	/**
	 * Returns the listener's tenant when the request carries {@code peerId}'s token as a
	 * bearer (without tokens required, {@value RelayOnly#DEFAULT_TENANT}); else
	 * {@link TokenRejectedException} (the kit's 401 or 403 problem).
	 */
	public String checkBearer(ServerHttpRequest request, String peerId) {
		if (this.tokens == null) {
			return RelayOnly.DEFAULT_TENANT;
		}
		return this.tokens.bearer(request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION))
			.requireSubject(peerId)
			.tenant();
	}

}
