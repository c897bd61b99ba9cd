package cdn.client.edge;

/** No edge could answer. */
public final class EdgeUnavailableException extends RuntimeException {

	public EdgeUnavailableException(String message) {
		super(message, null, false, false);
	}

}
