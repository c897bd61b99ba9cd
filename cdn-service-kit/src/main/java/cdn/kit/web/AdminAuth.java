package cdn.kit.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import org.springframework.http.HttpHeaders;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Checks the admin bearer token of a request: missing → 401 with
 * {@code WWW-Authenticate: Bearer}, wrong → 403, compared in constant time. With no token
 * configured what it guards is switched off (403, "{@code <what> is disabled}"). Each
 * service makes one bean with its token and its name for what it guards.
 */
public class AdminAuth {

	private static final String BEARER = "Bearer ";

	private final byte[] token;

	private final String disabledReason;

	/**
	 * @param token the configured admin token; empty or {@code null} switches off what
	 * this guards
	 * @param guarded what this guards, for the reason given when no token is configured,
	 * e.g. {@code "ingest"} or {@code "admin API"}
	 */
	public AdminAuth(String token, String guarded) {
		this.token = (token != null) ? token.strip().getBytes(StandardCharsets.UTF_8) : new byte[0];
		this.disabledReason = guarded + " is disabled: no admin token is configured";
	}

	/**
	 * Returns normally for a valid token, throws a {@link ProblemException} otherwise.
	 */
	public void check(ServerHttpRequest request) {
		if (this.token.length == 0) {
			throw Problems.forbidden(this.disabledReason);
		}
		String header = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			throw Problems.unauthorized("admin bearer token required");
		}
		byte[] given = header.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
		if (!MessageDigest.isEqual(given, this.token)) {
			throw Problems.forbidden("admin token is not valid");
		}
	}

}
