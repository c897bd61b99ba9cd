package cdn.tracker.store;

import java.time.Duration;

/**
 * What the store did with an announce. Every outcome but {@link Outcome#ACCEPTED} and
 * {@link Outcome#TAKEN_DOWN} left the peer's entry as it was.
 *
 * @param outcome what happened
 * @param retryAfter when a rate-limited peer may announce again; zero otherwise
 */
public record AnnounceResult(Outcome outcome, Duration retryAfter) {

	public static final AnnounceResult ACCEPTED = new AnnounceResult(Outcome.ACCEPTED, Duration.ZERO);

	public static AnnounceResult of(Outcome outcome) {
		return new AnnounceResult(outcome, Duration.ZERO);
	}

	public enum Outcome {

		/** Stored. */
		ACCEPTED,

		/** The peer announced too often in the current window. */
		RATE_LIMITED,

		/** The change would make the peer hold more segments than allowed. */
		HOLDINGS_FULL,

		/** The store holds as many peers as allowed; known peers still announce. */
		TRACKER_FULL,

		/** The store knows as many regions as allowed. */
		TOO_MANY_REGIONS,

		/** The track is taken down: the peer was forgotten, and must drop the track. */
		TAKEN_DOWN

	}

}
