package cdn.origin.store;

/**
 * The store's directory cannot be created or written (a volume owned by another user, a
 * read-only file system): the origin cannot start, and says so in one line.
 */
public class StoreUnavailableException extends IllegalStateException {

	StoreUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
