package cdn.client.peer;

/**
 * Where a listener serves its segments to other peers: the HTTP peer server today, a
 * WebRTC DataChannel endpoint tomorrow. One may host many listeners (a swarm in one JVM).
 */
public interface PeerHosting {

	/**
	 * The endpoint other peers use to reach {@code peerId}, as announced to the tracker.
	 */
	String endpoint(String peerId);

	void register(String peerId, PeerHost host);

	void unregister(String peerId);

}
