package cdn.origin.store;

import cdn.protocol.TrackId;

/**
 * A track id that is already published (or being ingested); tracks are never overwritten.
 */
public class TrackExistsException extends Exception {

	public TrackExistsException(TrackId trackId) {
		super("track '" + trackId + "' already exists");
	}

}
