package cdn.router.takedown;

import cdn.protocol.TrackId;

/**
 * Takes a track down in a router's {@link TakenDownTracks} (and lifts it) without the
 * fan-out, for tests of other packages.
 */
public final class TakedownsForTests {

	private TakedownsForTests() {
	}

	public static void takeDown(TakenDownTracks tracks, String trackId) {
		tracks.add(TrackId.of(trackId));
	}

	public static void lift(TakenDownTracks tracks, String trackId) {
		tracks.remove(TrackId.of(trackId));
	}

}
