package cdn.sim.swarm;

/** How the listeners of a process reach other peers and are reached by them. */
public enum PeerTransportMode {

	/**
	 * Over HTTP only: each listener is announced at the process's peer server; peers
	 * behind signaling (browsers) are not asked.
	 */
	HTTP,

	/**
	 * Over WebRTC DataChannels: each listener joins signaling and is announced at its URL
	 * (as pages are), so browsers and other Java listeners reach it there; peers with a
	 * wire server are still asked over HTTP.
	 */
	WEBRTC,

	/**
	 * WebRTC to whoever needs it, HTTP where it is cheaper: announced at signaling (so
	 * browsers reach it), peers behind signaling asked over WebRTC, except the listeners
	 * of this process, asked at its peer server.
	 */
	AUTO

}
