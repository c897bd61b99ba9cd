package cdn.client.peer;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import cdn.protocol.PeerId;
import cdn.protocol.Region;
import cdn.protocol.SegmentId;
import cdn.protocol.peer.PeerWire;
import cdn.protocol.tracker.PeerEntry;
import cdn.protocol.tracker.PeerLookupRequest;
import cdn.protocol.tracker.PeerLookupResponse;
import cdn.protocol.tracker.SegmentPeers;

/**
 * Peer exchange: while the tracker does not answer, a listener asks peers it knows which
 * of its window's segments they hold and which other holders they know
 * ({@link PeerWire#PEERS_PATH}). What a peer says is taken like anything else from a
 * peer: bounded and checked here (only the segments asked, once each, at most
 * {@link PeerWire#MAX_EXCHANGED_PEERS} well-formed entries per segment), and never
 * trusted for bytes (every segment is checked against its id). The answering side names
 * itself when it holds a segment and may upload, and the holders it knows of the asker's
 * region only: a holder sealed to a region (the tracker's residency rules) stays in it,
 * and the tracker only ever named peers of the asker's tenant.
 */
public final class PeerExchange {

	/** Known peers a listener asks when a lookup failed. */
	public static final int PEERS_ASKED = 3;

	private PeerExchange() {
	}

	/**
	 * The part of a peer's answer a listener takes: segments it asked for, once each,
	 * with their well-formed holders (at most {@link PeerWire#MAX_EXCHANGED_PEERS}, each
	 * peer once).
	 */
	public static List<SegmentPeers> bounded(List<SegmentId> asked, PeerLookupResponse answer) {
		if (answer == null || answer.segments() == null) {
			return List.of();
		}
		Set<String> wanted = new HashSet<>();
		asked.forEach((segment) -> wanted.add(segment.value()));
		Map<String, SegmentPeers> taken = new LinkedHashMap<>();
		for (SegmentPeers peers : answer.segments()) {
			if (peers == null || peers.segment() == null || !wanted.contains(peers.segment())
					|| taken.containsKey(peers.segment()) || peers.peers() == null) {
				continue;
			}
			List<PeerEntry> holders = new ArrayList<>();
			Set<String> named = new HashSet<>();
			for (PeerEntry peer : peers.peers()) {
				if (holders.size() == PeerWire.MAX_EXCHANGED_PEERS) {
					break;
				}
				if (wellFormed(peer) && named.add(peer.peerId())) {
					holders.add(peer);
				}
			}
			taken.put(peers.segment(), new SegmentPeers(peers.segment(), holders.size(), holders));
		}
		return List.copyOf(taken.values());
	}

	/**
	 * A peer entry a listener may ask: a valid id and region, an {@code http(s)} or
	 * {@code ws(s)} endpoint with a host, a pin only on an {@code https} one and of the
	 * pin's form.
	 */
	static boolean wellFormed(PeerEntry peer) {
		if (peer == null || !PeerId.isValid(peer.peerId()) || !Region.isValid(peer.region()) || peer.endpoint() == null
				|| peer.endpoint().length() > 256) {
			return false;
		}
		try {
			URI endpoint = new URI(peer.endpoint());
			if (endpoint.getScheme() == null || !PeerWire.ENDPOINT_SCHEMES.contains(endpoint.getScheme())
					|| endpoint.getHost() == null || endpoint.getRawUserInfo() != null || endpoint.getRawQuery() != null
					|| endpoint.getRawFragment() != null) {
				return false;
			}
		}
		catch (URISyntaxException ex) {
			return false;
		}
		return peer.endpointPin() == null
				|| PeerWire.isPin(peer.endpointPin()) && peer.endpoint().startsWith("https://");
	}

	/**
	 * Segment ids of a query's {@code segments} parameter, or {@code null} if malformed.
	 */
	public static List<SegmentId> segmentsOf(String query) {
		if (query == null || query.isEmpty()) {
			return null;
		}
		String[] ids = query.split(",", -1);
		if (ids.length > PeerLookupRequest.MAX_SEGMENTS) {
			return null;
		}
		List<SegmentId> segments = new ArrayList<>(ids.length);
		for (String id : ids) {
			if (!SegmentId.isValid(id)) {
				return null;
			}
			segments.add(SegmentId.of(id));
		}
		return segments;
	}

}
