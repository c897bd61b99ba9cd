package cdn.signaling.ice;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import cdn.kit.web.Problems;
import cdn.protocol.PeerId;
import cdn.signaling.config.SignalingProperties;
import cdn.signaling.tokens.SignalingAuth;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/ice-servers?peerId=…}: what a client hands to {@code RTCPeerConnection}
 * as {@code iceServers}: the STUN servers, and the TURN servers with credentials of its
 * own when a TURN secret is configured. Never cached: the credentials are per peer and
 * expire.
 */
@RestController
class IceServersController {

	/**
	 * One entry of {@code iceServers}, as WebRTC takes it.
	 */
	record IceServer(List<String> urls, String username, String credential) {
	}

	/**
	 * @param ttlSeconds how long the TURN credentials stay valid (0 without TURN)
	 */
	record IceServers(List<IceServer> iceServers, long ttlSeconds) {
	}

	private final SignalingProperties.Ice ice;

	private final TurnCredentials turn;

	private final SignalingAuth auth;

	IceServersController(SignalingProperties properties, Clock clock, SignalingAuth auth) {
		this.auth = auth;
		this.ice = properties.ice();
		this.turn = this.ice.turnEnabled()
				? new TurnCredentials(this.ice.turnSecret().reveal(), this.ice.turnTtl(), clock) : null;
	}

	@GetMapping("/v1/ice-servers")
	ResponseEntity<IceServers> iceServers(@RequestParam(required = false) String peerId, ServerHttpRequest request) {
		if (peerId == null || !PeerId.isValid(peerId)) {
			throw Problems.badRequest("peerId must match [A-Za-z0-9_-]{1,64}");
		}
		// TURN credentials are a relay's bandwidth: only for the listener they name
		this.auth.checkBearer(request, peerId);
		List<IceServer> servers = new ArrayList<>();
		if (!this.ice.stunUrls().isEmpty()) {
			servers.add(new IceServer(this.ice.stunUrls(), null, null));
		}
		long ttl = 0;
		if (this.turn != null) {
			TurnCredentials.Credential credential = this.turn.issue(peerId);
			servers.add(new IceServer(this.ice.turnUrls(), credential.username(), credential.credential()));
			ttl = credential.ttlSeconds();
		}
		return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(new IceServers(servers, ttl));
	}

}
