package cdn.client.peer;

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
	 * A listener joins its swarm.
	 * @param swarm the tracker's swarm, {@code trackId/rendition}
	 * @param host what it serves, {@code null} for a listener that only asks (metered)
	 */
	void register(String peerId, String swarm, PeerHost host);

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
			public void register(String peerId, String swarm, PeerHost host) {
				announced.register(peerId, swarm, host);
				also.register(peerId, swarm, host);
			}

			@Override
			public void unregister(String peerId) {
				announced.unregister(peerId);
				also.unregister(peerId);
			}

		};
	}

}
