package cdn.client.peer;

import java.util.List;

/**
 * Where a listener serves its segments to other peers and joins its swarm: the HTTP peer
 * server, WebRTC DataChannels through signaling, or both. One may host many listeners (a
 * swarm in one JVM).
 */
public interface PeerHosting {

	/**
	 * The endpoint other peers use to reach {@code peerId}, as announced to the tracker.
	 */
	String endpoint(String peerId);

	/**
	 * The pin of the key {@code peerId}'s {@code https} endpoint presents, as announced
	 * to the tracker; {@code null} for none.
	 */
	default String endpointPin(String peerId) {
		return null;
	}

	/**
	 * A listener joins its swarms.
	 * @param swarms the tracker's swarms ({@code trackId/rendition}) of every rendition
	 * it may play and hold, the one it starts with (and announces in) first
	 * @param host what it serves, {@code null} for a listener that only asks (metered)
	 */
	void register(String peerId, List<String> swarms, PeerHost host);

	void unregister(String peerId);

	/**
	 * Listeners hosted by both: announced as {@code announced} has them reached, served
	 * by {@code also} too (a process's HTTP peer server beside its WebRTC).
	 */
	static PeerHosting alongside(PeerHosting announced, PeerHosting also) {
		return new PeerHosting() {

			@Override
			public String endpoint(String peerId) {
				return announced.endpoint(peerId);
			}

			@Override
			public String endpointPin(String peerId) {
				return announced.endpointPin(peerId);
			}

			@Override
			public void register(String peerId, List<String> swarms, PeerHost host) {
				announced.register(peerId, swarms, host);
				also.register(peerId, swarms, host);
			}

			@Override
			public void unregister(String peerId) {
				announced.unregister(peerId);
				also.unregister(peerId);
			}

		};
	}

}
