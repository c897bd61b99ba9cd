package cdn.client.listener;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;

import brave.Span;
import cdn.client.edge.EdgeRejectedException;
import cdn.client.fetch.Fetched;
import cdn.client.fetch.SegmentFetcher;
import cdn.client.hls.SegmentRef;
import cdn.client.hls.TrackMedia;
import cdn.client.metrics.ClientMetrics;
import cdn.client.metrics.Source;
import cdn.client.metrics.Tally;
import cdn.client.peer.LoadingSegments;
import cdn.client.peer.PeerDirectory;
import cdn.client.peer.SegmentCache;
import cdn.client.play.AdaptiveBitrate;
import cdn.client.play.PlaybackState;
import cdn.client.play.SimClock;
import cdn.client.schedule.Downloads;
import cdn.client.schedule.FetchPlanner.Fetch;
import cdn.client.trace.ClientTracing;
import cdn.client.trace.SegmentTraces;
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
	 * @param media the media as it is now (a live track's grows)
	 * @param finished whether the playback has ended (late answers are dropped)
	 * @param reschedule run after each arrival: the listener plans again
	 */
	record Parts(String peerId, String region, boolean p2p, Supplier<TrackMedia> media, PlaybackState playback,
			Downloads downloads, AdaptiveBitrate abr, SegmentFetcher fetcher, PeerDirectory directory,
			SegmentCache cache, LoadingSegments loading, Announcer announcer, Tally tally, ClientMetrics metrics,
			SimClock clock, Executor serial, BooleanSupplier finished, Runnable reschedule, SegmentTraces traces,
			Consumer<String> gone) {
	}

	private final String peerId;

	private final String region;

	private final boolean p2p;

	private final Supplier<TrackMedia> media;

	private final PlaybackState playback;

	private final Downloads downloads;

	private final AdaptiveBitrate abr;

	private final SegmentFetcher fetcher;

	private final PeerDirectory directory;

	private final SegmentCache cache;

	private final LoadingSegments loading;

	private final Announcer announcer;

	private final Tally tally;

	private final ClientMetrics metrics;

	private final SimClock clock;

	private final Executor serial;

	private final BooleanSupplier finished;

	private final Runnable reschedule;

	private final SegmentTraces traces;

	/** Called once the edges say the track is gone. */
	private final Consumer<String> gone;

	Downloader(Parts parts) {
		this.peerId = parts.peerId();
		this.region = parts.region();
		this.p2p = parts.p2p();
		this.media = parts.media();
		this.playback = parts.playback();
		this.downloads = parts.downloads();
		this.abr = parts.abr();
		this.fetcher = parts.fetcher();
		this.directory = parts.directory();
		this.cache = parts.cache();
		this.loading = parts.loading();
		this.announcer = parts.announcer();
		this.tally = parts.tally();
		this.metrics = parts.metrics();
		this.metrics.joined(this.region);
		this.clock = parts.clock();
		this.serial = parts.serial();
		this.finished = parts.finished();
		this.reschedule = parts.reschedule();
		this.traces = parts.traces();
		this.gone = parts.gone();
	}

	private SegmentRef segment(int index, int rendition) {
		return this.media.get().segment(index, rendition);
	}

	private void ensureInit(int rendition) {
		if (!this.downloads.initNeeded(rendition)) {
			return;
		}
		this.downloads.initStarted(rendition);
		SegmentName init = this.media.get().renditions().get(rendition).init();
		// an init segment is tiny, only latency counts: a near peer or the edge
		Source source = (this.p2p && this.directory.anyNear(init.id())) ? Source.PEER : Source.EDGE;
		log.debug("{}: init of {} from {}", this.peerId, rendition, source);
		Span trace = this.traces.init();
		ClientTracing.tag(trace, "cdn.rendition", this.media.get().renditions().get(rendition).rendition().id());
		this.fetcher.fetch(init, source, INIT_PEER_TIMEOUT, trace).subscribe((fetched) -> {
			ended(trace, fetched, null);
			this.serial.execute(() -> onInit(rendition, init, fetched));
		}, (error) -> {
			ended(trace, null, error);
			this.serial.execute(() -> {
				this.downloads.initFailed(rendition);
				if (isGone(error) && !this.finished.getAsBoolean()) {
					this.gone.accept(error.getMessage());
				}
			});
		});
	}

	private void onInit(int rendition, SegmentName init, Fetched fetched) {
		if (this.finished.getAsBoolean()) {
			this.downloads.initFailed(rendition);
			return;
		}
		account(fetched, 0);
		keep(init.id(), fetched.bytes());
		long now = this.clock.nanos();
		this.downloads.initDone(rendition).forEach((index) -> this.playback.onBuffered(index, now));
		this.reschedule.run();
	}

	/** Starts one planned fetch (and its rendition's init segment, if needed). */
	void start(Fetch fetch) {
		int index = fetch.index();
		int rendition = fetch.rendition();
		Source source = fetch.source();
		log.debug("{}: segment {} in {} from {}", this.peerId, index, rendition, source);
		ensureInit(rendition);
		this.downloads.started(index, source);
		Span trace = this.traces.fetching(index);
		ClientTracing.tag(trace, "cdn.rendition", this.media.get().renditions().get(rendition).rendition().id());
		this.fetcher.fetch(segment(index, rendition).name(), source, fetch.peerTimeout(), trace)
			.subscribe((fetched) -> {
				ended(trace, fetched, null);
				this.serial.execute(() -> onSegment(index, rendition, source, fetched));
			}, (error) -> {
				ended(trace, null, error);
				this.serial.execute(() -> onSegmentFailed(index, source, error));
			});
	}

	/**
	 * A segment's trace ends with its fetch: where the bytes came from, or the failure.
	 */
	private static void ended(Span trace, Fetched fetched, Throwable error) {
		if (fetched != null) {
			ClientTracing.tag(trace, SegmentTraces.TAG_SOURCE, fetched.source().tag());
		}
		ClientTracing.finish(trace, error);
	}

	private void onSegment(int index, int rendition, Source assigned, Fetched fetched) {
		this.downloads.ended(assigned);
		if (this.finished.getAsBoolean()) {
			return;
		}
		SegmentRef segment = segment(index, rendition);
		log.debug("{}: segment {} in {} arrived from {}", this.peerId, index, rendition, fetched.source());
		account(fetched, segment.durationSeconds());
		keep(segment.name().id(), fetched.bytes());
		this.downloads.held(index, rendition);
		endClaims(index);
		long kbps = this.media.get().renditions().get(rendition).rendition().kbps();
		this.tally.segment(kbps, segment.durationSeconds());
		this.metrics.bitrate(this.region, kbps);
		if (this.downloads.initReady(rendition)) {
			this.playback.onBuffered(index, this.clock.nanos());
		}
		else {
			this.downloads.awaitInit(rendition, index);
			ensureInit(rendition);
		}
		this.reschedule.run();
	}

	private void onSegmentFailed(int index, Source assigned, Throwable error) {
		this.downloads.ended(assigned);
		if (this.finished.getAsBoolean()) {
			return;
		}
		if (isGone(error)) {
			this.gone.accept(error.getMessage());
			return;
		}
		this.downloads.failed(index);
		endClaims(index);
		log.debug("{}: segment {} failed: {}", this.peerId, index, error.getMessage());
	}

	/**
	 * 410 Gone from the edges, after the router was asked again: the track was taken down
	 * (or its signature can no longer be renewed); no retry will bring it back.
	 */
	private static boolean isGone(Throwable error) {
		return error instanceof EdgeRejectedException rejected && rejected.status() == 410;
	}

	/**
	 * A position arrived or failed: peers waiting for it here are answered (with the
	 * bytes or "absent"), whichever rendition was claimed.
	 */
	private void endClaims(int index) {
		for (int r = 0; r < this.media.get().renditions().size(); r++) {
			this.loading.ended(segment(index, r).name().id());
		}
	}

	/**
	 * Verified bytes are kept for seeding and announced with the next batch; never those
	 * of a track taken down.
	 */
	private void keep(SegmentId id, byte[] bytes) {
		if (this.announcer.trackTakenDown()) {
			return;
		}
		this.cache.put(id, bytes);
		this.announcer.added(id);
	}

	/** Counts verified bytes by source and feeds the ABR with media segments. */
	private void account(Fetched fetched, double mediaSeconds) {
		long bytes = fetched.bytes().length;
		this.metrics.segmentBytes(fetched.source().tag(), this.region, bytes);
		if (fetched.source() == Source.PEER) {
			this.tally.peerBytes(bytes);
		}
		else {
			this.tally.edgeBytes(bytes, fetched.edgeCacheHit());
			this.metrics.segmentFetch(Source.EDGE.tag(), "ok", Duration.ofNanos(fetched.elapsedNanos()));
		}
		this.abr.sample(fetched.source(), bytes, fetched.elapsedNanos(), mediaSeconds);
	}

}
