package cdn.signaling.ice;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import cdn.kit.web.Problems;
import cdn.protocol.PeerId;
import cdn.protocol.TrackId;
import cdn.signaling.config.SignalingProperties;
import cdn.signaling.relay.RelayOnly;
import cdn.signaling.tokens.SignalingAuth;

import org.springframework.http.CacheControl;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /v1/ice-servers?peerId=…&track=…}: what a client hands to
 * {@code RTCPeerConnection}: as {@code iceServers} the STUN servers, and the TURN servers
 * with credentials of its own when a TURN secret is configured; as
 * {@code iceTransportPolicy} {@code relay} when its tenant and track are relay-only
 * ({@code signaling.relay-only}; then no STUN server either), else {@code all}. Never
 * cached: the credentials are per peer and expire.
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
	 * @param iceTransportPolicy {@code relay} (TURN relays only) or {@code all}
	 */
	record IceServers(List<IceServer> iceServers, long ttlSeconds, String iceTransportPolicy) {
	}

	private final SignalingProperties.Ice ice;

	private final TurnCredentials turn;

	private final SignalingAuth auth;

	private final RelayOnly relayOnly;

	IceServersController(SignalingProperties properties, Clock clock, SignalingAuth auth) {
		this.auth = auth;
		this.ice = properties.ice();
		this.relayOnly = new RelayOnly(properties.relayOnly()).describe(this.ice.turnEnabled());
		this.turn = this.ice.turnEnabled()
				? new TurnCredentials(this.ice.turnSecret().reveal(), this.ice.turnTtl(), clock) : null;
	}

	@GetMapping("/v1/ice-servers")
	ResponseEntity<IceServers> iceServers(@RequestParam(required = false) String peerId,
			@RequestParam(required = false) String track, ServerHttpRequest request) {
		if (peerId == null || !PeerId.isValid(peerId)) {
			throw Problems.badRequest("peerId must match [A-Za-z0-9_-]{1,64}");
		}
		if (track != null && !TrackId.isValid(track)) {
			throw Problems.badRequest("track must be a track id ([a-z0-9][a-z0-9-]{0,63})");
		}
		// TURN credentials are a relay's bandwidth: only for the listener they name
		String tenant = this.auth.checkBearer(request, peerId);
		// without a track only the tenant's rules (those for every track) decide
		boolean relay = this.relayOnly.applies(tenant, track);
		List<IceServer> servers = new ArrayList<>();
		// a relay-only listener has no use for STUN: its server-reflexive address is what
		// it must not show
		if (!relay && !this.ice.stunUrls().isEmpty()) {
			servers.add(new IceServer(this.ice.stunUrls(), null, null));
		}
		long ttl = 0;
		if (this.turn != null) {
			TurnCredentials.Credential credential = this.turn.issue(peerId);
			servers.add(new IceServer(this.ice.turnUrls(), credential.username(), credential.credential()));
			ttl = credential.ttlSeconds();
		}
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore())
			.body(new IceServers(servers, ttl, relay ? "relay" : "all"));
	}

}
