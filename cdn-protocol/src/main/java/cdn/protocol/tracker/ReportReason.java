package cdn.protocol.tracker;

import java.util.Arrays;

import cdn.protocol.InvalidIdException;

/** Why a peer reports another one: a closed list. */
public enum ReportReason {

	/** Bytes that did not hash to the segment id. */
	HASH_MISMATCH("hash-mismatch"),

	/** Connection refused or reset. */
	UNREACHABLE("unreachable"),

	/** No bytes within the client's deadline. */
	TIMEOUT("timeout"),

	/** Answered {@code 404} for a segment it announced. */
	SEGMENT_ABSENT("segment-absent"),

	/** Wrong length, wrong framing, or any other breach of the wire protocol. */
	PROTOCOL_VIOLATION("protocol-violation");

	private final String id;

	ReportReason(String id) {
		this.id = id;
	}

	public String id() {
		return this.id;
	}

	public static ReportReason of(String id) {
		return Arrays.stream(values())
			.filter((reason) -> reason.id.equals(id))
			.findFirst()
			.orElseThrow(() -> new InvalidIdException(
					"reason must be one of hash-mismatch, unreachable, timeout, segment-absent, protocol-violation"));
	}

	@Override
	public String toString() {
		return this.id;
	}

}
