package cdn.edge.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import cdn.edge.EdgeProperties;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

/**
 * Checks the admin bearer token of {@code /v1/admin/*}: missing → 401, wrong → 403,
 * compared in constant time. With no token configured the admin API is off (403).
 */
@Component
public class AdminAuth {

	private static final String BEARER = "Bearer ";

	private final byte[] token;

	AdminAuth(EdgeProperties properties) {
		this.token = properties.adminToken().getBytes(StandardCharsets.UTF_8);
	}

	public void check(ServerHttpRequest request) {
		if (this.token.length == 0) {
			throw Problems.of(HttpStatus.FORBIDDEN, "admin API is disabled: no admin token is configured");
		}
		String header = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
		if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
			throw Problems.unauthorized("admin bearer token required");
		}
		byte[] given = header.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
		if (!MessageDigest.isEqual(given, this.token)) {
			throw Problems.of(HttpStatus.FORBIDDEN, "admin token is not valid");
		}
	}

}
