package cdn.router.tokens;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Locale;

import cdn.kit.security.ListenerClaims;
import cdn.kit.security.ListenerTokenCache;
import cdn.kit.security.ListenerTokenIssuer;
import cdn.kit.security.ListenerTokenVerifier;
import cdn.kit.security.TokenKeys;
import cdn.kit.security.TokenRejectedException;
import cdn.kit.web.Problems;
import cdn.protocol.PeerId;
import cdn.protocol.TrackId;
import cdn.protocol.routing.Route;
import cdn.router.config.RouterProperties;
import cdn.router.takedown.TakenDownTracks;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

/**
 * The listener token a route answer carries for the peer it was asked for: who the
 * listener is, the region it was routed in, this router's tenant, the track the route was
 * asked for (only then: an edge takes a token only for its track's playlists and for
 * segments, {@link ListenerClaims#requireContent}), for every service a listener talks to
 * ({@link ListenerClaims#ALL_SERVICES}: tracker, signaling, edges and this router, whose
 * listener reports take it). A taken-down track gets no route (410) and so no token, as
 * it gets no URL signature. The signing keys are read once at start
 * ({@code router.tokens.*}); without a keys directory the router issues none, and asks
 * for none.
 *
 * <p>
 * The router issues a token for any peer id to whoever asks: a token binds a call to a
 * peer id (a report's {@code peerId} must be the token's subject, a peer announces only
 * as itself), it does not authenticate a listener.
 */
@Component
public class RouteTokens {

	private static final Logger log = LoggerFactory.getLogger(RouteTokens.class);

	/** Verified tokens kept: one per listening page, asked every 10 s. */
	static final int VERIFIED_TOKENS = 100_000;

	private final ListenerTokenIssuer issuer;

	private final ListenerTokenCache verified;

	private final String tenant;

	private final MeterRegistry registry;

	private final TakenDownTracks takenDown;

	RouteTokens(RouterProperties properties, Clock clock, MeterRegistry registry, TakenDownTracks takenDown) {
		RouterProperties.Tokens tokens = properties.tokens();
		this.tenant = tokens.tenant();
		this.registry = registry;
		this.takenDown = takenDown;
		TokenKeys keys = tokens.enabled() ? keys(Path.of(tokens.keysDir())) : null;
		this.issuer = (keys != null) ? new ListenerTokenIssuer(keys, tokens.lifetime(), clock) : null;
		// the router's own calls (listener reports) check tokens as every service does:
		// public keys only, each token once
		this.verified = (keys != null)
				? new ListenerTokenCache(new ListenerTokenVerifier(keys.publicOnly(), ListenerClaims.ROUTER, clock),
						VERIFIED_TOKENS, clock)
				: null;
		log.info("Listener tokens: {}", (this.issuer != null) ? this.issuer : "none issued (router.tokens.keys-dir)");
	}

	/** Whether this router issues tokens, and so requires them on listener reports. */
	public boolean issuing() {
		return this.issuer != null;
	}

	/**
	 * Returns when the request may act as {@code peerId} (always when tokens are off),
	 * throws otherwise: {@link TokenRejectedException} (the kit's 401 for a missing or
	 * invalid token, 403 for another peer's), counted by reason in
	 * {@code cdn_router_token_rejections_total}; a 400 problem when a valid token came
	 * and {@code peerId} is missing.
	 */
	public void check(ServerHttpRequest request, String peerId) {
		if (this.verified == null) {
			return;
		}
		try {
			ListenerClaims claims = this.verified.bearer(request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
			if (peerId == null) {
				throw Problems.badRequest("peerId is required: the peer id the listener token names");
			}
			claims.requireSubject(peerId);
		}
		catch (TokenRejectedException rejected) {
			Counter.builder("cdn.router.token.rejections")
				.description("Listener reports refused for their listener token, by reason")
				.tag("reason", rejected.reason().name().toLowerCase(Locale.ROOT).replace('_', '-'))
				.register(this.registry)
				.increment();
			throw rejected;
		}
	}

	private static TokenKeys keys(Path dir) {
		try {
			return TokenKeys.loadSigning(dir);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("router.tokens.keys-dir " + dir + " cannot be read", ex);
		}
	}

	/**
	 * {@code route} with the token of {@code peer}, or {@code route} itself when no peer
	 * was named or tokens are off. The token names the route's track when it has one
	 * (what edges require), none otherwise (tracker, signaling and listener reports take
	 * either).
	 * @throws cdn.protocol.InvalidIdException (400) for a peer id that is not one
	 * @throws cdn.kit.web.ProblemException (410) for a track taken down since the route
	 * was decided: never a token for it
	 */
	public Route withToken(Route route, String peer) {
		if (peer == null) {
			return route;
		}
		PeerId id = PeerId.of(peer);
		if (this.issuer == null) {
			return route;
		}
		String track = route.track();
		if (track != null) {
			// the decision refused a taken-down track already; once more, just before
			// signing
			this.takenDown.requireRoutable(TrackId.of(track));
		}
		String token = this.issuer.issue(ListenerClaims.forAllServices(id.value(), route.region(), this.tenant, track));
		return route.withToken(token, this.issuer.lifetime().toSeconds());
	}

}
