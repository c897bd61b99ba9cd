package cdn.router.tokens;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;

import cdn.kit.security.ListenerClaims;
import cdn.kit.security.ListenerTokenIssuer;
import cdn.kit.security.TokenKeys;
import cdn.protocol.PeerId;
import cdn.protocol.routing.Route;
import cdn.router.config.RouterProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * The listener token a route answer carries for the peer it was asked for: who the
 * listener is, the region it was routed in, this router's tenant, for every service a
 * listener talks to. The signing keys are read once at start ({@code router.tokens.*});
 * without a keys directory the router issues none.
 */
@Component
public class RouteTokens {

	private static final Logger log = LoggerFactory.getLogger(RouteTokens.class);

	private final ListenerTokenIssuer issuer;

	private final String tenant;

	RouteTokens(RouterProperties properties, Clock clock) {
		RouterProperties.Tokens tokens = properties.tokens();
		this.tenant = tokens.tenant();
		this.issuer = tokens.enabled()
				? new ListenerTokenIssuer(keys(Path.of(tokens.keysDir())), tokens.lifetime(), clock) : null;
		log.info("Listener tokens: {}", (this.issuer != null) ? this.issuer : "none issued (router.tokens.keys-dir)");
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
	 * was named or tokens are off.
	 * @throws cdn.protocol.InvalidIdException (400) for a peer id that is not one
	 */
	public Route withToken(Route route, String peer) {
		if (peer == null) {
			return route;
		}
		PeerId id = PeerId.of(peer);
		if (this.issuer == null) {
			return route;
		}
		String token = this.issuer.issue(ListenerClaims.forAllServices(id.value(), route.region(), this.tenant));
		return route.withToken(token, this.issuer.lifetime().toSeconds());
	}

}
