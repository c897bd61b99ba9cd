package cdn.signaling.web;

import java.util.Locale;

/**
 * Why a frame was refused: the {@code reason} of the error frame the sender gets and the
 * {@code reason} tag of {@code cdn.signaling.rejections}.
 */
public enum Rejection {

	/** Not JSON, or a field missing or of the wrong type. */
	BAD_FRAME,
	/** A {@code type} the service does not know. */
	UNKNOWN_TYPE,
	/** Over {@code signaling.max-frame-size}. */
	FRAME_TOO_LARGE,
	/** Over the connection's message rate. */
	RATE_LIMITED,
	/** A swarm that is not {@code trackId/rendition}. */
	BAD_SWARM,
	/** A peer id that is not {@code [A-Za-z0-9_-]{1,64}}. */
	BAD_PEER_ID,
	/**
	 * A first join without a listener token for its peer id, when tokens are required.
	 */
	UNAUTHORIZED,
	/** Another connection holds this peer id. */
	PEER_ID_TAKEN,
	/** A join under another peer id than the connection's. */
	PEER_ID_MISMATCH,
	/** Over {@code signaling.max-swarms-per-connection}. */
	TOO_MANY_SWARMS,
	/** Over {@code signaling.max-members-per-swarm}. */
	SWARM_FULL,
	/** A relay or leave in a swarm the sender has not joined. */
	NOT_JOINED,
	/** A relay to a peer that is not connected. */
	UNKNOWN_TARGET,
	/** A relay to a peer that is connected but not a member of that swarm. */
	FOREIGN_TARGET,
	/** The target's outbound queue is full (it does not read). */
	TARGET_BUSY,
	/** The swarm directory (Redis) did not answer in time. */
	UNAVAILABLE;

	/** The wire and tag form: {@code foreign-target}. */
	public String tag() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
