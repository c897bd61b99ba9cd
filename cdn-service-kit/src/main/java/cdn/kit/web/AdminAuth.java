package cdn.kit.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.regex.Pattern;

import cdn.kit.security.Secret;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Checks the operator (admin) bearer token of a request: missing → 401 with
 * {@code WWW-Authenticate: Bearer}, wrong → 403, compared in constant time; a listener
 * token (a JWT) is never an operator token (403). With no token configured what it guards
 * is switched off (403, "{@code <what> is disabled}"). Each service makes one bean with
 * its token and its name for what it guards.
 */
public class AdminAuth {

	/**
	 * Shortest operator token accepted at start: 16 characters, e.g. 96 random bits in
	 * base64.
	 */
	public static final int MIN_TOKEN_LENGTH = 16;

	private static final String BEARER = "Bearer ";

	/** Three base64url parts joined by dots: the shape of a JWT (a listener token). */
	private static final Pattern JWT_SHAPE = Pattern.compile("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]*");

	private final byte[] token;

	private final String disabledReason;

	/**
	 * @param token the configured admin token; empty switches off what this guards
	 * @param property the token's property, e.g. {@code edge.admin-token}, named when the
	 * token is refused at start
	 * @param guarded what this guards, for the reason given when no token is configured,
	 * e.g. {@code "ingest"} or {@code "admin API"}
	 * @throws IllegalArgumentException for a token shorter than
	 * {@value #MIN_TOKEN_LENGTH} characters or shaped like a listener token; the message
	 * names the property, never the value
	 */
	public AdminAuth(Secret token, String property, String guarded) {
		String value = (token != null) ? token.reveal().strip() : "";
		if (!value.isEmpty() && value.length() < MIN_TOKEN_LENGTH) {
			throw new IllegalArgumentException(
					property + " must be at least " + MIN_TOKEN_LENGTH + " characters (or empty: " + guarded + " off)");
		}
		if (looksLikeJwt(value)) {
			throw new IllegalArgumentException(
					property + " looks like a listener token (a JWT): an operator token must be distinct from them");
		}
		this.token = value.getBytes(StandardCharsets.UTF_8);
		this.disabledReason = guarded + " is disabled: no admin token is configured";
	}

	/**
	 * Returns normally for a valid token, throws a {@link ProblemException} otherwise.
	 */
	public void check(ServerHttpRequest request) {
		if (this.token.length == 0) {
			throw Problems.forbidden(this.disabledReason);
		}
		String given = bearer(request);
		if (given == null) {
			throw Problems.unauthorized("admin bearer token required");
		}
		if (looksLikeJwt(given)) {
			throw Problems.forbidden("a listener token is not an operator token");
		}
		if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8), this.token)) {
			throw Problems.forbidden("admin token is not valid");
		}
	}

	/**
	 * The bearer token of a request ({@code Authorization: Bearer <token>}, the scheme in
	 * any case), {@code null} without one. Not checked.
	 */
	public static String bearer(ServerHttpRequest request) {
		String header = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			return null;
		}
		return header.substring(BEARER.length()).strip();
	}

	static boolean looksLikeJwt(String token) {
		return JWT_SHAPE.matcher(token).matches();
	}

}
