package cdn.client.peer;

import java.time.Duration;
import java.util.List;

import cdn.protocol.SegmentId;
import cdn.protocol.peer.PeerWire;
import cdn.protocol.tracker.PeerEntry;
import cdn.protocol.tracker.SegmentPeers;
import reactor.core.publisher.Mono;

/**
 * How a listener gets a segment's bytes from another peer: over HTTP from its wire
 * server, or over a WebRTC DataChannel that frames the same request and answer.
 * Implementations return the bytes as sent: the caller checks them against the id,
 * whatever the transport.
 */
public interface PeerTransport {

	/**
	 * Fetches a segment from a peer, failing with {@link PeerFailure.Exception} when the
	 * peer does not answer with the bytes in time.
	 * @param stallTimeout the longest wait for the answer to start
	 */
	Mono<byte[]> fetch(PeerEntry peer, SegmentId segment, Duration stallTimeout);

	/**
	 * Whether this transport can ask {@code peer} at all; the others are never asked. By
	 * default the peers with a wire server, not those behind signaling (browsers).
	 */
	default boolean reaches(PeerEntry peer) {
		return !PeerWire.behindSignaling(peer.endpoint());
	}

	/**
	 * Whether a connection to {@code peer} is open now, so asking it costs no set-up (a
	 * WebRTC connection costs round trips and CPU); among equally near holders those are
	 * asked first. By default none (HTTP connections are pooled per process).
	 */
	default boolean connected(PeerEntry peer) {
		return false;
	}

	/**
	 * Asks {@code peer} which of {@code segments} it holds and which other holders of
	 * {@code region} it knows ({@link PeerExchange}), the answer bounded and checked;
	 * empty when the peer says nothing or the transport has no exchange (WebRTC: not
	 * yet).
	 */
	default Mono<List<SegmentPeers>> exchange(PeerEntry peer, List<SegmentId> segments, String region,
			Duration timeout) {
		return Mono.just(List.of());
	}

}
