package cdn.client.listener;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

import cdn.client.fetch.Fetched;
import cdn.client.fetch.SegmentFetcher;
import cdn.client.hls.SegmentRef;
import cdn.client.hls.TrackMedia;
import cdn.client.metrics.ClientMetrics;
import cdn.client.metrics.Tally;
import cdn.client.peer.PeerDirectory;
import cdn.client.peer.SegmentCache;
import cdn.client.play.AdaptiveBitrate;
import cdn.client.play.PlaybackState;
import cdn.client.play.SimClock;
import cdn.client.schedule.Downloads;
import cdn.client.schedule.FetchPlanner.Fetch;
import cdn.client.metrics.Source;
import cdn.client.tracker.Announcer;
import cdn.protocol.SegmentId;
import cdn.protocol.SegmentName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one listener's planned fetches and takes in what they bring: each verified segment
 * is counted by source, fed to the ABR, kept for seeding, announced, and buffered for
 * playback once its rendition's init segment is there (fetched first, from a near peer or
 * the edge). Runs on the listener's own worker.
 */
final class Downloader {

	private static final Logger log = LoggerFactory.getLogger(Downloader.class);

	/** An init segment is tiny: only a near peer's latency is worth trying. */
	private static final Duration INIT_PEER_TIMEOUT = Duration.ofMillis(500);

	/**
	 * What the downloads of one playback share with the listener.
	 *
	 * @param p2p whether peers may be asked at all
	 * @param finished whether the playback has ended (late answers are dropped)
	 * @param reschedule run after each arrival: the listener plans again
	 */
	record Parts(String peerId, String region, boolean p2p, TrackMedia media, PlaybackState playback,
			Downloads downloads, AdaptiveBitrate abr, SegmentFetcher fetcher, PeerDirectory directory,
			SegmentCache cache, Announcer announcer, Tally tally, ClientMetrics metrics, SimClock clock,
			Executor serial, BooleanSupplier finished, Runnable reschedule) {
	}

	private final Parts parts;

	Downloader(Parts parts) {
		this.parts = parts;
	}

	private SegmentRef segment(int index, int rendition) {
		return this.parts.media().renditions().get(rendition).segments().get(index);
	}

	private void ensureInit(int rendition) {
		if (!this.parts.downloads().initNeeded(rendition)) {
			return;
		}
		this.parts.downloads().initStarted(rendition);
		SegmentName init = this.parts.media().renditions().get(rendition).init();
		// an init segment is tiny, only latency counts: a near peer or the edge
		Source source = (this.parts.p2p() && this.parts.directory().anyNear(init.id())) ? Source.PEER : Source.EDGE;
		log.debug("{}: init of {} from {}", this.parts.peerId(), rendition, source);
		this.parts.fetcher()
			.fetch(init, source, INIT_PEER_TIMEOUT)
			.subscribe((fetched) -> this.parts.serial().execute(() -> onInit(rendition, init, fetched)),
					(error) -> this.parts.serial().execute(() -> this.parts.downloads().initFailed(rendition)));
	}

	private void onInit(int rendition, SegmentName init, Fetched fetched) {
		if (this.parts.finished().getAsBoolean()) {
			this.parts.downloads().initFailed(rendition);
			return;
		}
		account(fetched, 0);
		keep(init.id(), fetched.bytes());
		long now = this.parts.clock().nanos();
		this.parts.downloads().initDone(rendition).forEach((index) -> this.parts.playback().onBuffered(index, now));
		this.parts.reschedule().run();
	}

	/** Starts one planned fetch (and its rendition's init segment, if needed). */
	void start(Fetch fetch) {
		int index = fetch.index();
		int rendition = fetch.rendition();
		Source source = fetch.source();
		log.debug("{}: segment {} in {} from {}", this.parts.peerId(), index, rendition, source);
		ensureInit(rendition);
		this.parts.downloads().started(index, source);
		this.parts.fetcher()
			.fetch(segment(index, rendition).name(), source, fetch.peerTimeout())
			.subscribe((fetched) -> this.parts.serial().execute(() -> onSegment(index, rendition, source, fetched)),
					(error) -> this.parts.serial().execute(() -> onSegmentFailed(index, source, error)));
	}

	private void onSegment(int index, int rendition, Source assigned, Fetched fetched) {
		this.parts.downloads().ended(assigned);
		if (this.parts.finished().getAsBoolean()) {
			return;
		}
		SegmentRef segment = segment(index, rendition);
		account(fetched, segment.durationSeconds());
		keep(segment.name().id(), fetched.bytes());
		this.parts.downloads().held(index, rendition);
		long kbps = this.parts.media().renditions().get(rendition).rendition().kbps();
		this.parts.tally().segment(kbps, segment.durationSeconds());
		this.parts.metrics().bitrate(this.parts.region(), kbps);
		if (this.parts.downloads().initReady(rendition)) {
			this.parts.playback().onBuffered(index, this.parts.clock().nanos());
		}
		else {
			this.parts.downloads().awaitInit(rendition, index);
			ensureInit(rendition);
		}
		this.parts.reschedule().run();
	}

	private void onSegmentFailed(int index, Source assigned, Throwable error) {
		this.parts.downloads().ended(assigned);
		if (this.parts.finished().getAsBoolean()) {
			return;
		}
		this.parts.downloads().failed(index);
		log.debug("{}: segment {} failed: {}", this.parts.peerId(), index, error.getMessage());
	}

	/** Verified bytes are kept for seeding and announced with the next batch. */
	private void keep(SegmentId id, byte[] bytes) {
		this.parts.cache().put(id, bytes);
		this.parts.announcer().added(id);
	}

	/** Counts verified bytes by source and feeds the ABR with media segments. */
	private void account(Fetched fetched, double mediaSeconds) {
		long bytes = fetched.bytes().length;
		this.parts.metrics().segmentBytes(fetched.source().tag(), this.parts.region(), bytes);
		if (fetched.source() == Source.PEER) {
			this.parts.tally().peerBytes(bytes);
		}
		else {
			this.parts.tally().edgeBytes(bytes, fetched.edgeCacheHit());
			this.parts.metrics().segmentFetch(Source.EDGE.tag(), "ok", Duration.ofNanos(fetched.elapsedNanos()));
		}
		this.parts.abr().sample(fetched.source(), bytes, fetched.elapsedNanos(), mediaSeconds);
	}

}
