package cdn.client.listener;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import cdn.client.edge.EdgeFailover;
import cdn.client.hls.MediaLoader;
import cdn.client.hls.SegmentRef;
import cdn.client.hls.TrackMedia;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Scheduler;

/**
 * Follows a live track's playlists as the HLS spec asks a player to: reloads them one
 * segment duration after a reload that brought a new segment, half of one after a reload
 * that did not (or failed), and hands each result to the listener on its worker until the
 * listener has enough or the stream ended. Playlists come through the edge, which caches
 * them for a fraction of a segment and coalesces the listeners' reloads.
 */
final class LiveFollower {

	private static final Logger log = LoggerFactory.getLogger(LiveFollower.class);

	private final String peerId;

	private final EdgeFailover edges;

	private final Scheduler.Worker worker;

	private final Supplier<TrackMedia> media;

	private final Predicate<TrackMedia.Extension> onReload;

	/**
	 * @param onReload takes a reload's result; returns whether to go on following
	 */
	LiveFollower(String peerId, EdgeFailover edges, Scheduler.Worker worker, Supplier<TrackMedia> media,
			Predicate<TrackMedia.Extension> onReload) {
		this.peerId = peerId;
		this.edges = edges;
		this.worker = worker;
		this.media = media;
		this.onReload = onReload;
	}

	void start() {
		reloadIn(1.0);
	}

	private void reloadIn(double segments) {
		List<SegmentRef> known = this.media.get().renditions().get(0).segments();
		double seconds = known.get(known.size() - 1).durationSeconds() * segments;
		this.worker.schedule(this::reload, (long) (seconds * 1000), TimeUnit.MILLISECONDS);
	}

	private void reload() {
		TrackMedia current = this.media.get();
		MediaLoader.refresh(this.edges, current)
			.subscribe((playlists) -> this.worker.schedule(() -> took(current.extendedWith(playlists))),
					(error) -> this.worker.schedule(() -> {
						log.debug("{}: live playlist reload failed: {}", this.peerId, error.getMessage());
						reloadIn(0.5);
					}));
	}

	private void took(TrackMedia.Extension extension) {
		if (this.onReload.test(extension)) {
			reloadIn((extension.added() > 0) ? 1.0 : 0.5);
		}
	}

}
