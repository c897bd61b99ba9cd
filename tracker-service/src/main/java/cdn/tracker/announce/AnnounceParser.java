package cdn.tracker.announce;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import cdn.protocol.InvalidIdException;
import cdn.protocol.PeerId;
import cdn.protocol.Region;
import cdn.protocol.Rendition;
import cdn.protocol.SegmentId;
import cdn.protocol.TrackId;
import cdn.protocol.peer.PeerWire;
import cdn.protocol.tracker.AnnounceEvent;
import cdn.protocol.tracker.AnnounceRequest;
import cdn.tracker.config.TrackerProperties;
import cdn.tracker.store.Announcement;
import cdn.tracker.store.Candidate;
import cdn.tracker.store.HolderGroup;

/**
 * Turns an announce body into a checked {@link Announcement}, or throws
 * {@link InvalidIdException} with one short reason.
 */
final class AnnounceParser {

	/** Upload capacity above 10 Gbit/s is not a peer we believe. */
	static final long MAX_UPLOAD_KBPS = 10_000_000;

	/**
	 * Byte counters up to 2^53, the largest integer a JavaScript client sends exactly.
	 */
	static final long MAX_BYTES = 1L << 53;

	private final TrackerProperties.Limits limits;

	AnnounceParser(TrackerProperties.Limits limits) {
		this.limits = limits;
	}

	Announcement parse(AnnounceRequest request) {
		PeerId peerId = PeerId.of(required(request.peerId(), "peerId"));
		AnnounceEvent event = AnnounceEvent.of(required(request.event(), "event"));
		if (event == AnnounceEvent.STOPPED) {
			return Announcement.stopped(peerId);
		}
		TrackId trackId = TrackId.of(required(request.trackId(), "trackId"));
		Rendition rendition = Rendition.of(required(request.rendition(), "rendition"));
		Region region = Region.of(required(request.region(), "region"));
		String endpoint = endpoint(required(request.endpoint(), "endpoint"), this.limits.maxEndpointLength());
		String pin = endpointPin(request.endpointPin(), endpoint);
		long uploadKbps = bounded(request.uploadKbps(), "uploadKbps", MAX_UPLOAD_KBPS);
		long uploaded = bounded(request.uploadedBytes(), "uploadedBytes", MAX_BYTES);
		long downloaded = bounded(request.downloadedBytes(), "downloadedBytes", MAX_BYTES);
		return new Announcement(peerId, event, trackId, rendition, HolderGroup.open(region.value()),
				Candidate.reach(endpoint, pin), uploadKbps, uploaded, downloaded, holdings(request, event));
	}

	private Announcement.Holdings holdings(AnnounceRequest request, AnnounceEvent event) {
		boolean full = request.have() != null;
		boolean delta = request.added() != null || request.removed() != null;
		if (full && delta) {
			throw new InvalidIdException("send either have or added/removed, not both");
		}
		if (event == AnnounceEvent.STARTED && delta) {
			throw new InvalidIdException("started carries the full have list, not added/removed");
		}
		if (full || event == AnnounceEvent.STARTED) {
			return new Announcement.Full(segments(request.have(), "have"));
		}
		if (delta) {
			Set<SegmentId> added = segments(request.added(), "added");
			Set<SegmentId> removed = segments(request.removed(), "removed");
			for (SegmentId segment : added) {
				if (removed.contains(segment)) {
					throw new InvalidIdException("a segment id is in both added and removed");
				}
			}
			return new Announcement.Delta(added, removed);
		}
		return new Announcement.Unchanged();
	}

	private Set<SegmentId> segments(List<String> ids, String field) {
		if (ids == null) {
			return Set.of();
		}
		if (ids.size() > this.limits.maxHave()) {
			throw new InvalidIdException(field + " holds more than " + this.limits.maxHave() + " segment ids");
		}
		Set<SegmentId> segments = new LinkedHashSet<>(ids.size() * 2);
		for (String id : ids) {
			if (!SegmentId.isValid(id)) {
				throw new InvalidIdException(field + ": segment id must be 64 lowercase hex characters (SHA-256)");
			}
			segments.add(SegmentId.of(id));
		}
		return segments;
	}

	private static String required(String value, String field) {
		if (value == null) {
			throw new InvalidIdException(field + " is required");
		}
		return value;
	}

	private static long bounded(Long value, String field, long max) {
		if (value == null) {
			return 0;
		}
		if (value < 0 || value > max) {
			throw new InvalidIdException(field + " must be between 0 and " + max);
		}
		return value;
	}

	/**
	 * The key an {@code https} endpoint presents ({@link PeerWire#isPin}), or
	 * {@code null}: no other endpoint has one.
	 */
	static String endpointPin(String pin, String endpoint) {
		if (pin == null) {
			return null;
		}
		if (!PeerWire.isPin(pin)) {
			throw new InvalidIdException(
					"endpointPin must be sha256/ and the Base64 SHA-256 of the endpoint's public key (51 characters)");
		}
		if (!endpoint.startsWith("https://")) {
			throw new InvalidIdException("endpointPin is only for an https endpoint");
		}
		return pin;
	}

	/**
	 * An absolute {@code http} or {@code https} URL (a Java peer's wire server) or
	 * {@code ws}/{@code wss} URL (the signaling service through which a browser peer is
	 * reached) with a host, an optional port in 1..65535, an optional path, and no user
	 * info, query or fragment.
	 */
	static String endpoint(String value, int maxLength) {
		if (value.length() > maxLength) {
			throw new InvalidIdException("endpoint is longer than " + maxLength + " characters");
		}
		URI uri;
		try {
			uri = new URI(value);
		}
		catch (URISyntaxException ex) {
			throw new InvalidIdException("endpoint must be an absolute http(s) or ws(s) URL");
		}
		if (uri.getScheme() == null || !PeerWire.ENDPOINT_SCHEMES.contains(uri.getScheme())) {
			throw new InvalidIdException("endpoint must be an absolute http(s) or ws(s) URL");
		}
		if (uri.getRawUserInfo() != null) {
			throw new InvalidIdException("endpoint must not carry user info");
		}
		if (uri.getHost() == null || uri.getHost().isEmpty()) {
			throw new InvalidIdException("endpoint must name a valid host");
		}
		if (uri.getPort() == 0 || uri.getPort() > 65535 || (uri.getPort() < 0 && uri.getRawAuthority().endsWith(":"))) {
			throw new InvalidIdException("endpoint port must be between 1 and 65535");
		}
		if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
			throw new InvalidIdException("endpoint must not have a query or fragment");
		}
		return value;
	}

}
