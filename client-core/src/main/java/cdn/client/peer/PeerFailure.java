package cdn.client.peer;

import cdn.protocol.tracker.ReportReason;

/**
 * Why a peer fetch failed: a closed list, each with the report (if any) the tracker
 * should hear about it. Busy peers are not reported: they are healthy, just full.
 */
public enum PeerFailure {

	/** The peer does not hold the segment (404). */
	SEGMENT_ABSENT(ReportReason.SEGMENT_ABSENT),

	/** No upload slot free or upload cap reached (429/503); try another peer. */
	BUSY(null),

	/** No bytes within the stall timeout. */
	TIMEOUT(ReportReason.TIMEOUT),

	/** Connection refused or reset. */
	UNREACHABLE(ReportReason.UNREACHABLE),

	/** Bytes whose SHA-256 is not the segment id. */
	HASH_MISMATCH(ReportReason.HASH_MISMATCH),

	/** Any other answer than the wire protocol allows. */
	PROTOCOL_VIOLATION(ReportReason.PROTOCOL_VIOLATION),

	/**
	 * This listener cannot reach the peer, through no fault of the peer: it is in another
	 * signaling swarm, or the listener has no signaling connection. Not reported.
	 */
	OUT_OF_REACH(null);

	private final ReportReason report;

	PeerFailure(ReportReason report) {
		this.report = report;
	}

	/** What to report to the tracker, or {@code null} for nothing. */
	public ReportReason report() {
		return this.report;
	}

	/** Failures after which the peer is not asked again by this listener. */
	public boolean dropsPeer() {
		return this == HASH_MISMATCH || this == PROTOCOL_VIOLATION || this == UNREACHABLE || this == OUT_OF_REACH;
	}

	/**
	 * Failures that come at once and say nothing of the segment: the next holder may be
	 * asked within the same wait.
	 */
	public boolean triesNextPeer() {
		return this == BUSY || this == OUT_OF_REACH;
	}

	/** A failed peer fetch. */
	public static final class Exception extends RuntimeException {

		private final PeerFailure failure;

		public Exception(PeerFailure failure, String detail) {
			super(failure + ": " + detail, null, false, false);
			this.failure = failure;
		}

		public PeerFailure failure() {
			return this.failure;
		}

	}

}
