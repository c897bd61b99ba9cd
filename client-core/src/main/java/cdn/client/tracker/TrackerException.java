package cdn.client.tracker;

/** A non-2xx answer from the tracker. */
public final class TrackerException extends RuntimeException {

	private final int status;

	public TrackerException(int status, String body) {
		super("tracker answered " + status + ": " + body, null, false, false);
		this.status = status;
	}

	public int status() {
		return this.status;
	}

}
