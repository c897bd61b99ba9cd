package cdn.protocol.peer;

import java.util.Set;
import java.util.regex.Pattern;

import cdn.protocol.SegmentId;

/**
 * The peer wire protocol over HTTP: {@code GET {endpoint}/p2p/segments/{segmentId}}
 * answers the bytes, {@code 404} when the peer does not hold them,
 * {@code 429}/{@code 503} when it is busy. Over WebRTC the same request and response are
 * framed on a DataChannel (the web player's {@code p2p/wire.js}).
 * <p>
 * A peer's endpoint (announced to the tracker) says how to reach it: an {@code http(s)}
 * URL is its wire server, a {@code ws(s)} URL the signaling service through which it
 * accepts WebRTC connections (a browser).
 * <p>
 * An {@code https} wire server presents a key of its own, not one a CA vouches for: its
 * announce names the key ({@code endpointPin}) and the tracker hands the pin out with the
 * endpoint, so an asker trusts exactly that key (as WebRTC's DTLS trusts the fingerprint
 * in the signaled description).
 */
public final class PeerWire {

	/** Path prefix of a segment on a peer; the segment id follows. */
	public static final String SEGMENTS_PATH = "/p2p/segments/";

	/**
	 * Path of peer exchange on a peer ({@code GET
	 * {endpoint}/p2p/peers?segments=a,b&region=r}): which of the segments it holds and
	 * which other holders of them it knows, as a {@code PeerLookupResponse}; a listener
	 * asks peers it knows when the tracker does not answer.
	 */
	public static final String PEERS_PATH = "/p2p/peers";

	/** Holders a peer names per segment in an exchange, itself included. */
	public static final int MAX_EXCHANGED_PEERS = 8;

	/** The schemes a peer's endpoint may have. */
	public static final Set<String> ENDPOINT_SCHEMES = Set.of("http", "https", "ws", "wss");

	/**
	 * The form of a pin: {@code sha256/} and the Base64 SHA-256 of the key's
	 * SubjectPublicKeyInfo.
	 */
	private static final Pattern PIN = Pattern.compile("sha256/[A-Za-z0-9+/]{43}=");

	private PeerWire() {
	}

	/** The path of a segment on a peer. */
	public static String segmentPath(SegmentId segment) {
		return SEGMENTS_PATH + segment.value();
	}

	/**
	 * Whether {@code pin} is a key pin: {@code sha256/} and the Base64 SHA-256 of a
	 * public key's DER SubjectPublicKeyInfo (OkHttp's and HPKP's form).
	 */
	public static boolean isPin(String pin) {
		return pin != null && PIN.matcher(pin).matches();
	}

	/**
	 * Whether {@code endpoint} is a signaling service (a browser peer, reached over
	 * WebRTC) rather than a wire server.
	 */
	public static boolean behindSignaling(String endpoint) {
		return endpoint.startsWith("ws://") || endpoint.startsWith("wss://");
	}

}
