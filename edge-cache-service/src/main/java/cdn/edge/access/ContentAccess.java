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
import cdn.kit.signedurl.SignedUrlGate;
import io.micrometer.core.instrument.Counter;
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
 * (audience {@value ListenerClaims#EDGE}) as {@code Authorization: Bearer} - a player
 * that can set headers needs no signature. The rule:
 * <ol>
 * <li>signatures not required: everything is served, a bearer is not looked at;</li>
 * <li>a valid signature: served, whatever bearer came with it;</li>
 * <li>a bearer (tokens on): served when the token is valid, else 401 (problem,
 * {@code WWW-Authenticate: Bearer error="invalid_token"}), counted by reason in
 * {@code cdn_edge_token_rejections_total};</li>
 * <li>no bearer (or tokens off): the signature's refusal, 403 (missing, bad, another
 * track's) or 410 (expired).</li>
 * </ol>
 * Each token is verified once ({@link ListenerTokenCache}): the Netty hit fast path asks
 * {@link #allows} on the event loop. The bearer decides access only: the cache is keyed
 * by path, and upstream fetches carry the edge's own signature, never the listener's
 * headers.
 */
@Component
public class ContentAccess {

	private static final Logger log = LoggerFactory.getLogger(ContentAccess.class);

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
	 * Whether a request for {@code rawPath} (no query) may be served, by the rule above;
	 * counts and throws nothing: for the fast path, which hands a refused request on to
	 * {@link #check}.
	 * @param signatureHeader the {@value SignedUrlGate#HEADER} value, or {@code null}
	 * @param authorization the {@code Authorization} value, or {@code null}
	 */
	public boolean allows(String rawPath, String rawQuery, String signatureHeader, String authorization) {
		if (this.signatures.allows(rawPath, rawQuery, signatureHeader)) {
			return true;
		}
		if (this.tokens == null || authorization == null) {
			return false;
		}
		try {
			this.tokens.bearer(authorization);
			return true;
		}
		catch (TokenRejectedException refused) {
			return false;
		}
	}

	/**
	 * Returns when {@code request} (a playlist or a segment) may be served, throws
	 * otherwise: {@link TokenRejectedException} (401) for a bearer that is not valid, the
	 * signature's problem (403, 410) without one.
	 */
	public void check(ServerHttpRequest request) {
		if (!this.signatures.required()) {
			return;
		}
		String authorization = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		if (this.tokens == null || !presented(authorization)) {
			this.signatures.check(request);
			return;
		}
		if (this.signatures.allows(request.getURI().getRawPath(), request.getURI().getRawQuery(),
				request.getHeaders().getFirst(SignedUrlGate.HEADER))) {
			return;
		}
		try {
			this.tokens.bearer(authorization);
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
