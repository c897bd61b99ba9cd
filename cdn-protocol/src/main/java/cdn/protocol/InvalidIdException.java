package cdn.protocol;

/**
 * An id (track, segment, peer, region, rendition) that does not match its format. The
 * message is a short reason meant for a 400 response.
 */
public class InvalidIdException extends IllegalArgumentException {

	public InvalidIdException(String reason) {
		super(reason);
	}

}
