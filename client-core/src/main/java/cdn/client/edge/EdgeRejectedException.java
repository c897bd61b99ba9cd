package cdn.client.edge;

/** A 4xx from an edge: the request itself is wrong, another edge will not help. */
public final class EdgeRejectedException extends RuntimeException {

	private final int status;

	public EdgeRejectedException(int status, String message) {
		super(message, null, false, false);
		this.status = status;
	}

	public int status() {
		return this.status;
	}

}
