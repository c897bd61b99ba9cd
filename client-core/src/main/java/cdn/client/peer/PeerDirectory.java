package cdn.client.peer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import cdn.client.net.Network;
import cdn.protocol.SegmentId;
import cdn.protocol.tracker.PeerEntry;
import cdn.protocol.tracker.SegmentPeers;

/**
 * Which peers one listener may ask for a segment: the tracker's latest answer per
 * segment, less the listener itself, the peers it dropped (a wrong hash, an unreachable
 * peer) and those its transport cannot reach (browsers, for a listener without WebRTC),
 * and which of them are near. Besides the holders, the answer may name a peer
 * <em>loading</em> the segment (it answers once its own fetch is done) and whether this
 * listener holds the claim to load it. Touched only from the listener's own worker.
 */
public final class PeerDirectory {

	/** Holders kept per segment once peers added theirs to the tracker's. */
	static final int MAX_HOLDERS_KNOWN = 16;

	private final String self;

	private final String region;

	private final Network network;

	private final Map<SegmentId, SegmentPeers> known = new HashMap<>();

	private final Set<String> dropped = new HashSet<>();

	private final PeerTransport transport;

	/**
	 * @param transport how the listener asks peers: the peers it reaches, and those it is
	 * connected to
	 */
	public PeerDirectory(String self, String region, Network network, PeerTransport transport) {
		this.self = self;
		this.region = region;
		this.network = network;
		this.transport = transport;
	}

	/** Takes the tracker's answer for one segment, replacing the previous one. */
	public void learn(SegmentPeers peers) {
		this.known.put(SegmentId.of(peers.segment()), peers);
	}

	/**
	 * Takes what a peer said of one segment ({@link PeerExchange}): its holders join
	 * those already known (the tracker's first), each peer once, at most
	 * {@link #MAX_HOLDERS_KNOWN}.
	 */
	public void learnFromPeer(SegmentPeers told) {
		SegmentId segment = SegmentId.of(told.segment());
		SegmentPeers before = this.known.get(segment);
		List<PeerEntry> holders = new ArrayList<>((before != null) ? before.peers() : List.of());
		Set<String> named = new HashSet<>();
		holders.forEach((peer) -> named.add(peer.peerId()));
		for (PeerEntry peer : told.peers()) {
			if (holders.size() >= MAX_HOLDERS_KNOWN) {
				break;
			}
			if (named.add(peer.peerId())) {
				holders.add(peer);
			}
		}
		long availability = Math.max((before != null) ? before.availability() : 0, holders.size());
		this.known.put(segment, new SegmentPeers(told.segment(), availability, holders,
				(before != null) ? before.loading() : null, (before != null) ? before.claimed() : null));
	}

	/**
	 * Every usable peer named for any segment known, each once, nearest first: whom to
	 * ask for an exchange.
	 */
	public List<PeerEntry> knownPeers() {
		Map<String, PeerEntry> peers = new LinkedHashMap<>();
		for (SegmentPeers answer : this.known.values()) {
			for (PeerEntry peer : usableOf(answer.peers())) {
				peers.putIfAbsent(peer.peerId(), peer);
			}
		}
		return peers.values().stream().sorted(Comparator.comparing(this::rtt)).toList();
	}

	/**
	 * Usable holders of {@code segment} of {@code region}: what this listener tells a
	 * peer of that region in an exchange.
	 */
	public List<PeerEntry> holdersIn(SegmentId segment, String region) {
		return usable(segment).stream().filter((peer) -> region.equals(peer.region())).toList();
	}

	/** Forgets every answer: no peer is known until the next one. */
	public void forgetAll() {
		this.known.clear();
	}

	/** The peer is not asked again by this listener. */
	public void drop(String peerId) {
		this.dropped.add(peerId);
	}

	/** Peers that hold {@code segment} and may be asked, in the tracker's order. */
	public List<PeerEntry> usable(SegmentId segment) {
		SegmentPeers peers = this.known.get(segment);
		return (peers != null) ? usableOf(peers.peers()) : List.of();
	}

	/**
	 * Peers loading {@code segment} that may be asked (they answer once they have it).
	 */
	public List<PeerEntry> loaders(SegmentId segment) {
		SegmentPeers peers = this.known.get(segment);
		return (peers != null) ? usableOf(peers.loadingPeers()) : List.of();
	}

	/** Whether the tracker granted this listener the claim to load {@code segment}. */
	public boolean claimed(SegmentId segment) {
		SegmentPeers peers = this.known.get(segment);
		return peers != null && peers.claimedByRequester();
	}

	private List<PeerEntry> usableOf(List<PeerEntry> peers) {
		return peers.stream()
			.filter(this.transport::reaches)
			.filter((peer) -> !peer.peerId().equals(this.self) && !this.dropped.contains(peer.peerId()))
			.toList();
	}

	/** Whether a peer holds or loads {@code segment}: one may be asked for it. */
	public boolean anyUsable(SegmentId segment) {
		return !usable(segment).isEmpty() || !loaders(segment).isEmpty();
	}

	/** How many peers hold {@code segment} in all regions, as the tracker last said. */
	public long availability(SegmentId segment) {
		SegmentPeers peers = this.known.get(segment);
		return (peers != null) ? peers.availability() : 0;
	}

	/** At most as far away as the edge, so asking it first costs no latency. */
	public boolean isNear(PeerEntry peer) {
		return rtt(peer).compareTo(this.network.rtt(this.region, this.region)) <= 0;
	}

	public boolean anyNear(SegmentId segment) {
		return usable(segment).stream().anyMatch(this::isNear);
	}

	/**
	 * The nearest usable holder, else the nearest usable loader; among equally near ones
	 * one the listener is connected to, then the tracker's order.
	 */
	public Optional<PeerEntry> nearest(SegmentId segment) {
		return ranked(segment).stream().findFirst();
	}

	/**
	 * The usable holders in the order they are asked ({@link #nearest}: nearest first,
	 * connected first among equally near ones), else the usable loaders in that order.
	 */
	public List<PeerEntry> ranked(SegmentId segment) {
		Comparator<PeerEntry> order = Comparator.comparing(this::rtt)
			.thenComparing((peer) -> !this.transport.connected(peer));
		List<PeerEntry> holders = usable(segment).stream().sorted(order).toList();
		return holders.isEmpty() ? loaders(segment).stream().sorted(order).toList() : holders;
	}

	public java.time.Duration rtt(PeerEntry peer) {
		return this.network.rtt(this.region, peer.region());
	}

}
