package cdn.tracker.store;

import java.time.Instant;

/**
 * What a report did.
 *
 * @param outcome what happened
 * @param quarantinedUntil end of the quarantine the report started, or {@code null}
 */
public record ReportResult(Outcome outcome, Instant quarantinedUntil) {

	public enum Outcome {

		/** Counted; not enough distinct reporters yet. */
		RECORDED,

		/** This report reached the threshold; the peer is in quarantine. */
		QUARANTINED,

		/** The reported peer is not registered. */
		PEER_UNKNOWN,

		/** The reporter is not a live registered peer. */
		REPORTER_UNKNOWN

	}

}
