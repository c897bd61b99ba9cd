package cdn.client.webrtc;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

import cdn.client.peer.PeerFailure;
import cdn.client.peer.PeerTransport;
import cdn.protocol.SegmentId;
import cdn.protocol.peer.PeerWire;
import cdn.protocol.tracker.PeerEntry;
import cdn.protocol.tracker.SegmentPeers;
import reactor.core.publisher.Mono;

/**
 * A listener's way to peers while it is relay-only (its ICE answer said
 * {@code iceTransportPolicy: relay}, or {@code --relay-only}): it asks no peer at a wire
 * server ({@code http(s)}), whose answer would come from the listener's own address. Such
 * peers are not its track's (the tracker switches those off), but lookups name no track
 * and segment ids are content hashes, so a lookup may hand out a wire-server peer of
 * another track holding the same bytes (an init segment of the same ladder). Peers behind
 * signaling are asked as before (through TURN relays), and so is a peer this process
 * serves itself: asked on this machine, no address leaves it. Whether the listener is
 * relay-only is read at each question, so it follows its ICE answer.
 */
public final class RelayOnlyTransport implements PeerTransport {

	private final PeerTransport transport;

	private final BooleanSupplier relayOnly;

	private final Predicate<PeerEntry> sameProcess;

	/**
	 * @param transport asks every peer
	 * @param relayOnly whether the listener is relay-only now
	 * @param sameProcess whether a peer is served by this process (asked whatever)
	 */
	public RelayOnlyTransport(PeerTransport transport, BooleanSupplier relayOnly, Predicate<PeerEntry> sameProcess) {
		this.transport = transport;
		this.relayOnly = relayOnly;
		this.sameProcess = sameProcess;
	}

	/** Whether asking {@code peer} would show it this listener's address. */
	private boolean withheld(PeerEntry peer) {
		return !PeerWire.behindSignaling(peer.endpoint()) && this.relayOnly.getAsBoolean()
				&& !this.sameProcess.test(peer);
	}

	@Override
	public Mono<byte[]> fetch(PeerEntry peer, SegmentId segment, Duration stallTimeout) {
		if (withheld(peer)) {
			return Mono.error(new PeerFailure.Exception(PeerFailure.OUT_OF_REACH,
					"a relay-only listener asks no wire server (" + peer.peerId() + ")"));
		}
		return this.transport.fetch(peer, segment, stallTimeout);
	}

	@Override
	public boolean reaches(PeerEntry peer) {
		return !withheld(peer) && this.transport.reaches(peer);
	}

	@Override
	public boolean connected(PeerEntry peer) {
		return !withheld(peer) && this.transport.connected(peer);
	}

	@Override
	public Mono<List<SegmentPeers>> exchange(PeerEntry peer, List<SegmentId> segments, String region,
			Duration timeout) {
		if (withheld(peer)) {
			return Mono.just(List.of());
		}
		return this.transport.exchange(peer, segments, region, timeout);
	}

}
