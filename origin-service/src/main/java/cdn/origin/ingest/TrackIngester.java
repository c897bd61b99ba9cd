package cdn.origin.ingest;

import java.io.IOException;
import java.nio.file.Path;

import cdn.origin.media.AudioInspector;
import cdn.origin.media.HlsLadderPackager;
import cdn.origin.media.UnusableAudioException;
import cdn.origin.store.TrackExistsException;
import cdn.origin.store.TrackManifest;
import cdn.origin.store.TrackStore;
import cdn.protocol.TrackId;

/**
 * Audio file in, published track out: inspect, package into the ladder, publish
 * atomically. Shared by the HTTP ingest, the command line and the demo catalog, so they
 * cannot drift.
 */
public final class TrackIngester {

	private final AudioInspector inspector;

	private final HlsLadderPackager packager;

	private final TrackStore store;

	public TrackIngester(AudioInspector inspector, HlsLadderPackager packager, TrackStore store) {
		this.inspector = inspector;
		this.packager = packager;
		this.store = store;
	}

	/** Checks that the file is clean, complete audio; returns its duration in seconds. */
	public double inspect(Path audio) throws UnusableAudioException, IOException, InterruptedException {
		return this.inspector.inspect(audio);
	}

	/**
	 * Packages and publishes an inspected file. Leaves nothing behind on failure and
	 * never touches an existing track.
	 */
	public TrackManifest ingest(TrackId trackId, String title, Path audio)
			throws TrackExistsException, UnusableAudioException, IOException, InterruptedException {
		if (this.store.exists(trackId)) {
			throw new TrackExistsException(trackId);
		}
		Path work = this.store.newWorkDir();
		try {
			return this.store.publish(trackId, title, this.packager.packageAudio(audio, work));
		}
		finally {
			this.store.discard(work);
		}
	}

	public TrackStore store() {
		return this.store;
	}

}
