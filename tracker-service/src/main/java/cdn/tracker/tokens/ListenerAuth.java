package cdn.tracker.tokens;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;

import cdn.kit.security.ListenerClaims;
import cdn.kit.security.ListenerTokenCache;
import cdn.kit.security.TokenRejectedException;
import cdn.tracker.config.TrackerProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

/**
 * Who may call the peer API: with {@code tracker.tokens.keys-dir} set, a listener with a
 * token the router issued for the tracker, acting only as itself; without it, anyone (the
 * tracker of a closed network, or of tests). A missing or invalid token is 401, a token
 * of another peer 403, each counted by reason in
 * {@code cdn_tracker_token_rejections_total}.
 */
@Component
public class ListenerAuth {

	private static final Logger log = LoggerFactory.getLogger(ListenerAuth.class);

	private final ListenerTokenCache tokens;

	private final MeterRegistry registry;

	ListenerAuth(TrackerProperties properties, Clock clock, MeterRegistry registry) {
		TrackerProperties.Tokens settings = properties.tokens();
		this.registry = registry;
		this.tokens = settings.required() ? ListenerTokenCache.ofKeys(Path.of(settings.keysDir()),
				"tracker.tokens.keys-dir", ListenerClaims.TRACKER, settings.clockSkew(), settings.cacheSize(), clock)
				: null;
		log.info("Listener tokens: {}", (this.tokens != null) ? "required" : "not required (tracker.tokens.keys-dir)");
	}

	/**
	 * Returns the token's claims when the request may act as {@code peerId}
	 * ({@code null}: as any listener), throws {@link TokenRejectedException} otherwise
	 * (the kit's 401 or 403 problem), counted by reason.
	 * @return the verified claims, or {@code null} when tokens are off
	 */
	public ListenerClaims check(ServerHttpRequest request, String peerId) {
		if (this.tokens == null) {
			return null;
		}
		try {
			ListenerClaims claims = this.tokens.bearer(request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
			if (peerId != null) {
				claims.requireSubject(peerId);
			}
			return claims;
		}
		catch (TokenRejectedException rejected) {
			count(rejected);
			throw rejected;
		}
	}

	private void count(TokenRejectedException rejected) {
		Counter.builder("cdn.tracker.token.rejections")
			.description("Peer API calls refused for their listener token, by reason")
			.tag("reason", rejected.reason().name().toLowerCase(Locale.ROOT).replace('_', '-'))
			.register(this.registry)
			.increment();
	}

}
