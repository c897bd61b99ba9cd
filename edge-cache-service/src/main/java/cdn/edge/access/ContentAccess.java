package cdn.edge.access;

import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import cdn.kit.security.ListenerClaims;
import cdn.kit.security.ListenerTokenCache;
import cdn.kit.security.ListenerTokenVerifier;
import cdn.kit.security.TokenRejectedException;
import cdn.kit.security.VerifiedToken;
import cdn.kit.signedurl.SignedUrlGate;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

/**
 * Whether a playlist or segment request may be served, when signed URLs are required
 * ({@code cdn.signed-urls.required}): with a valid URL signature ({@link SignedUrlGate}),
 * or, with {@code edge.tokens.keys-dir} set, with a valid listener token for the edge
 * (audience {@value ListenerClaims#EDGE}) issued for a track, as
 * {@code Authorization: Bearer} - a player that can set headers needs no signature. The
 * rule:
 * <ol>
 * <li>signatures not required: everything is served, a bearer is not looked at;</li>
 * <li>a valid signature: served, whatever bearer came with it;</li>
 * <li>a bearer (tokens on): served when the token is valid and its {@code track} claim
 * covers the path exactly as a signature of that track's scope would
 * ({@link ListenerClaims#requireContent}: the track's playlists under
 * {@code /tracks/{track}/}, and any content-addressed segment). Else 401 (problem,
 * {@code WWW-Authenticate: Bearer error="invalid_token"}) for a token that is not valid
 * or was issued without a track ({@code no-track}: the router issues a track only with a
 * route for a track it routes, never a taken-down one), 403 for another track's playlists
 * ({@code wrong-track}); counted by reason in
 * {@code cdn_edge_token_rejections_total};</li>
 * <li>no bearer (or tokens off): the signature's refusal, 403 (missing, bad, another
 * track's) or 410 (expired).</li>
 * </ol>
 * Each token is verified once, by {@link #check} ({@link ListenerTokenCache}, counted in
 * {@code cdn_edge_token_verifications_total}); the Netty hit fast path asks
 * {@link #onFastPath} on the event loop, which never verifies: a token not verified yet
 * (a forged one above all) is handed on to the controller, which verifies it once. The
 * bearer decides access only: the cache is keyed by path, and upstream fetches carry the
 * edge's own signature, never the listener's headers. A response served because of a
 * bearer carries {@code Vary: Authorization} ({@link Grant#BEARER}), so that a shared
 * cache in front of the edge does not hand it to a request without one.
 */
@Component
public class ContentAccess {

	private static final Logger log = LoggerFactory.getLogger(ContentAccess.class);

	/** Why a request may be served, or that it may not be here. */
	public enum Grant {

		/** Signatures are not required: served to anyone. */
		OPEN,

		/** A valid URL signature (query or {@value SignedUrlGate#HEADER}). */
		SIGNATURE,

		/**
		 * A valid listener token for the path: the response depends on the
		 * {@code Authorization} header ({@code Vary: Authorization}).
		 */
		BEARER,

		/**
		 * Not on the fast path: no credential, a refused one, or a token not verified
		 * yet; the controller decides ({@link #check}).
		 */
		HAND_ON

	}

	private final SignedUrlGate signatures;

	private final ListenerTokenCache tokens;

	private final Map<TokenRejectedException.Reason, Counter> rejections = new EnumMap<>(
			TokenRejectedException.Reason.class);

	@Autowired
	ContentAccess(SignedUrlGate signatures, EdgeTokenProperties properties, Clock clock, MeterRegistry registry) {
		this(signatures,
				properties.enabled() ? ListenerTokenCache.ofKeys(Path.of(properties.keysDir()), "edge.tokens.keys-dir",
						ListenerClaims.EDGE, properties.clockSkew(), properties.cacheSize(), clock) : null,
				registry);
		if (this.tokens != null && !signatures.required()) {
			log.info("Listener tokens: keys set (edge.tokens.keys-dir), but signed URLs are not required: "
					+ "every request is served, no token is looked at");
		}
		else {
			log.info("Listener tokens: {}", (this.tokens != null) ? "accepted in place of a URL signature"
					: "not accepted (edge.tokens.keys-dir)");
		}
	}

	/**
	 * @param tokens the verified tokens, or {@code null} when none is accepted
	 */
	public ContentAccess(SignedUrlGate signatures, ListenerTokenCache tokens, MeterRegistry registry) {
		this.signatures = signatures;
		this.tokens = tokens;
		for (TokenRejectedException.Reason reason : TokenRejectedException.Reason.values()) {
			this.rejections.put(reason,
					Counter.builder("cdn.edge.token.rejections")
						.description("Playlist and segment requests refused for their listener token, by reason")
						.tag("reason", reason.name().toLowerCase(Locale.ROOT).replace('_', '-'))
						.register(registry));
		}
		if (tokens != null) {
			FunctionCounter.builder("cdn.edge.token.verifications", tokens, ListenerTokenCache::verifications)
				.description("Listener tokens verified (signature checked) rather than found verified before")
				.register(registry);
		}
	}

	/** Whether playlists and segments need a signature or a token. */
	public boolean required() {
		return this.signatures.required();
	}

	/** Whether a listener token is accepted in place of a signature. */
	public boolean acceptsTokens() {
		return this.tokens != null;
	}

	/**
	 * Whether a request for {@code rawPath} (no query) may be served on the fast path, by
	 * the rule above, with what is at hand: a signature, or a token verified before
	 * ({@link ListenerTokenCache#cached}). Never verifies a token, counts and throws
	 * nothing: anything else is {@link Grant#HAND_ON}, for {@link #check}.
	 * @param signatureHeader the {@value SignedUrlGate#HEADER} value, or {@code null}
	 * @param authorization the {@code Authorization} value, or {@code null}
	 */
	public Grant onFastPath(String rawPath, String rawQuery, String signatureHeader, String authorization) {
		if (!this.signatures.required()) {
			return Grant.OPEN;
		}
		if (this.signatures.allows(rawPath, rawQuery, signatureHeader)) {
			return Grant.SIGNATURE;
		}
		if (this.tokens == null || authorization == null) {
			return Grant.HAND_ON;
		}
		try {
			VerifiedToken known = this.tokens.cached(ListenerTokenVerifier.bearerToken(authorization));
			if (known == null) {
				// not verified yet, or refused before: the controller verifies it, once
				return Grant.HAND_ON;
			}
			known.claims().requireContent(rawPath);
			return Grant.BEARER;
		}
		catch (TokenRejectedException refused) {
			return Grant.HAND_ON;
		}
	}

	/**
	 * Returns why {@code request} (a playlist or a segment) may be served, throws
	 * otherwise: {@link TokenRejectedException} for a bearer that is not valid or not for
	 * the path (401, 403), the signature's problem (403, 410) without one.
	 */
	public Grant check(ServerHttpRequest request) {
		if (!this.signatures.required()) {
			return Grant.OPEN;
		}
		String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		if (this.tokens == null || !presented(authorization)) {
			this.signatures.check(request);
			return Grant.SIGNATURE;
		}
		String rawPath = request.getURI().getRawPath();
		if (this.signatures.allows(rawPath, request.getURI().getRawQuery(),
				request.getHeaders().getFirst(SignedUrlGate.HEADER))) {
			return Grant.SIGNATURE;
		}
		try {
			this.tokens.bearer(authorization).requireContent(rawPath);
			return Grant.BEARER;
		}
		catch (TokenRejectedException refused) {
			this.rejections.get(refused.reason()).increment();
			throw refused;
		}
	}

	/**
	 * Whether the header carries a bearer token at all: another scheme, or none, is no
	 * token (the signature decides); anything after {@code Bearer} is one, valid or not.
	 */
	private static boolean presented(String authorization) {
		try {
			ListenerTokenVerifier.bearerToken(authorization);
			return true;
		}
		catch (TokenRejectedException ex) {
			return ex.reason() != TokenRejectedException.Reason.MISSING;
		}
	}

	@Override
	public String toString() {
		return "ContentAccess[" + this.signatures + ", tokens=" + ((this.tokens != null) ? "accepted" : "no") + "]";
	}

}
