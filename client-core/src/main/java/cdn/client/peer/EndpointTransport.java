package cdn.client.peer;

import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

import cdn.protocol.SegmentId;
import cdn.protocol.peer.PeerWire;
import cdn.protocol.tracker.PeerEntry;
import cdn.protocol.tracker.SegmentPeers;
import reactor.core.publisher.Mono;

/**
 * One listener's way to each peer, by the endpoint the peer announced: a wire server over
 * HTTP, a peer behind signaling (a browser, a Java listener over WebRTC) over the
 * listener's WebRTC transport. A peer this process serves itself is asked at its wire
 * server whatever it announced: between listeners that surely reach each other, HTTP is
 * the cheaper transport.
 */
public final class EndpointTransport implements PeerTransport {

	private final PeerTransport http;

	private final PeerTransport signaled;

	private final UnaryOperator<PeerEntry> hostedHere;

	/**
	 * @param http asks wire servers
	 * @param signaled asks peers behind signaling
	 * @param hostedHere a peer as reached at its wire server in this process, or
	 * {@code null} when this process does not serve it (always {@code null}: every peer
	 * by its announcement)
	 */
	public EndpointTransport(PeerTransport http, PeerTransport signaled, UnaryOperator<PeerEntry> hostedHere) {
		this.http = http;
		this.signaled = signaled;
		this.hostedHere = hostedHere;
	}

	@Override
	public Mono<byte[]> fetch(PeerEntry peer, SegmentId segment, Duration stallTimeout) {
		PeerEntry local = this.hostedHere.apply(peer);
		if (local != null) {
			return this.http.fetch(local, segment, stallTimeout);
		}
		return PeerWire.behindSignaling(peer.endpoint()) ? this.signaled.fetch(peer, segment, stallTimeout)
				: this.http.fetch(peer, segment, stallTimeout);
	}

	@Override
	public Mono<List<SegmentPeers>> exchange(PeerEntry peer, List<SegmentId> segments, String region,
			Duration timeout) {
		PeerEntry local = this.hostedHere.apply(peer);
		if (local != null) {
			return this.http.exchange(local, segments, region, timeout);
		}
		return PeerWire.behindSignaling(peer.endpoint()) ? this.signaled.exchange(peer, segments, region, timeout)
				: this.http.exchange(peer, segments, region, timeout);
	}

	@Override
	public boolean connected(PeerEntry peer) {
		if (this.hostedHere.apply(peer) != null) {
			return false;
		}
		return PeerWire.behindSignaling(peer.endpoint()) ? this.signaled.connected(peer) : this.http.connected(peer);
	}

	@Override
	public boolean reaches(PeerEntry peer) {
		return PeerWire.behindSignaling(peer.endpoint()) ? this.signaled.reaches(peer) : this.http.reaches(peer);
	}

}
