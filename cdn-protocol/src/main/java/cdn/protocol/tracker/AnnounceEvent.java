package cdn.protocol.tracker;

import java.util.Arrays;

import cdn.protocol.InvalidIdException;

/** What an announce reports: a peer joining, a change or heartbeat, or leaving. */
public enum AnnounceEvent {

	/** The peer joins (or rejoins) a swarm; {@code have} is its full holding. */
	STARTED("started"),

	/** Heartbeat, with either a full {@code have} or {@code added}/{@code removed}. */
	UPDATE("update"),

	/** The peer leaves; the tracker forgets it at once. */
	STOPPED("stopped");

	private final String id;

	AnnounceEvent(String id) {
		this.id = id;
	}

	/** The value used on the wire. */
	public String id() {
		return this.id;
	}

	public static AnnounceEvent of(String id) {
		return Arrays.stream(values())
			.filter((event) -> event.id.equals(id))
			.findFirst()
			.orElseThrow(() -> new InvalidIdException("event must be one of started, update, stopped"));
	}

	@Override
	public String toString() {
		return this.id;
	}

}
