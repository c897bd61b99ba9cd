package cdn.client.webrtc;

import java.util.ArrayList;
import java.util.List;

import dev.onvoid.webrtc.RTCIceServer;
import tools.jackson.databind.JsonNode;

/**
 * How a listener's connections find their way: the STUN and TURN servers signaling hands
 * out ({@code GET /v1/ice-servers}), and whether only relayed (TURN) paths may be used.
 *
 * @param servers STUN and TURN servers, none for host candidates only
 * @param relayOnly only paths through a TURN relay (a peer behind a strict NAT or
 * firewall; the tests force it)
 */
public record Ice(List<RTCIceServer> servers, boolean relayOnly) {

	public Ice {
		servers = List.copyOf(servers);
	}

	/** Host candidates only: peers of one machine or one network. */
	public static Ice hostOnly() {
		return new Ice(List.of(), false);
	}

	/**
	 * The servers of an {@code /v1/ice-servers} answer: {@code {iceServers: [{urls:
	 * [...], username?, credential?}], iceTransportPolicy?}}; relayed only when
	 * {@code relayOnly} (the listener's own choice) or when the answer says
	 * {@code iceTransportPolicy: relay} (the operator's: a relay-only tenant or track).
	 */
	public static Ice of(JsonNode answer, boolean relayOnly) {
		List<RTCIceServer> servers = new ArrayList<>();
		for (JsonNode entry : answer.path("iceServers")) {
			RTCIceServer server = new RTCIceServer();
			JsonNode urls = entry.path("urls");
			if (urls.isString()) {
				server.urls.add(urls.asString());
			}
			for (JsonNode url : urls) {
				server.urls.add(url.asString());
			}
			if (entry.path("username").isString()) {
				server.username = entry.get("username").asString();
				server.password = entry.path("credential").asString("");
			}
			if (!server.urls.isEmpty()) {
				servers.add(server);
			}
		}
		return new Ice(servers, relayOnly || "relay".equals(answer.path("iceTransportPolicy").asString("")));
	}

}
