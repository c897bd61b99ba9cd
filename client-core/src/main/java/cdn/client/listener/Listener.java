package cdn.client.listener;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import cdn.client.edge.EdgeFailover;
import cdn.client.fetch.PeerReports;
import cdn.client.fetch.SegmentFetcher;
import cdn.client.hls.MediaLoader;
import cdn.client.hls.RenditionPlaylist;
import cdn.client.hls.TrackMedia;
import cdn.client.metrics.ClientMetrics;
import cdn.client.metrics.Tally;
import cdn.client.net.EmulatedLink;
import cdn.client.peer.LoadingSegments;
import cdn.client.peer.PeerDirectory;
import cdn.client.peer.PeerHost;
import cdn.client.peer.PeerTransport;
import cdn.client.peer.SegmentCache;
import cdn.client.peer.UploadLimiter;
import cdn.client.play.AdaptiveBitrate;
import cdn.client.play.PlaybackState;
import cdn.client.play.RenditionSwitch;
import cdn.client.schedule.Downloads;
import cdn.client.schedule.FetchPlanner.Fetch;
import cdn.client.schedule.FetchPlanner;
import cdn.client.schedule.SegmentScheduler;
import cdn.client.trace.SegmentTraces;
import cdn.client.tracker.Announcer;
import cdn.client.tracker.P2pSwitch;
import cdn.client.tracker.WindowLookup;
import cdn.protocol.SegmentId;
import cdn.protocol.TrackId;
import cdn.protocol.peer.PeerWire;
import cdn.protocol.tracker.PeerEntry;
import cdn.protocol.tracker.SegmentPeers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * One listener: plays a track in (simulated) real time, each segment from a peer first
 * and from its edge otherwise, every segment's SHA-256 verified before it is played or
 * shared, and seeds what it holds. It composes the client core's parts and owns none of
 * their logic: {@link FetchPlanner} plans, {@link SegmentFetcher} fetches with fallback,
 * {@link AdaptiveBitrate} picks renditions, {@link WindowLookup} and {@link Announcer}
 * talk to the tracker. All of its state is touched only from its own worker, so no locks:
 * network completions are handed back to the worker.
 */
public final class Listener implements PeerHost {

	private static final Logger log = LoggerFactory.getLogger(Listener.class);

	/** The upload capacity announced by a listener without an upload cap. */
	private static final long UNCAPPED_UPLOAD_KBPS = 10_000;

	/**
	 * Segments needed sooner than this are not offered to load for the swarm: the others
	 * could not wait for them (twice the shortest wait for a loader).
	 */
	private static final double CLAIM_FROM_SECONDS = 2 * SegmentScheduler.MIN_LOADER_LEAD.toMillis() / 1000.0;

	/** How often the listener wakes up in wall time, at most. */
	private static final Duration TICK = Duration.ofMillis(50);

	/** How much play time accumulates before it is published. */
	private static final long PUBLISH_EVERY_NANOS = 1_000_000_000L;

	private final String peerId;

	private final String region;

	private final ListenerSettings settings;

	private final ListenerContext context;

	private final EdgeFailover edges;

	private final SegmentCache cache;

	private final LoadingSegments loading = new LoadingSegments();

	private final UploadLimiter uploads;

	/** The operator's word on P2P for this listener, as the tracker last said it. */
	private final P2pSwitch p2pSwitch = new P2pSwitch();

	private final Scheduler.Worker worker;

	private final Executor serial;

	private final PeerTransport peers;

	private final FetchPlanner planner;

	private final PeerDirectory directory;

	private final SegmentFetcher fetcher;

	private final SegmentTraces traces;

	private final Tally tally = new Tally();

	private final Sinks.One<ListenerResult> result = Sinks.one();

	private volatile Progress progress = Progress.NOT_STARTED;

	private TrackId trackId;

	private TrackMedia media;

	private PlaybackState playback;

	private volatile AdaptiveBitrate abr;

	private Downloads downloads;

	private WindowLookup lookup;

	private Announcer announcer;

	private Downloader downloader;

	private Disposable ticker;

	/** Positions before this one left the live window and were dropped. */
	private int evictedBefore;

	private boolean done;

	private boolean startupPublished;

	private int publishedStallEvents;

	private long publishedStallNanos;

	private long publishedPlayedNanos;

	public Listener(String peerId, String region, ListenerSettings settings, ListenerContext context,
			ListenerLinks links) {
		this.peerId = peerId;
		this.region = region;
		this.settings = settings;
		this.context = context;
		this.edges = links.edges();
		this.cache = new SegmentCache(settings.cacheQuotaBytes(), settings.seedingTtl());
		this.uploads = settings.metered() ? null
				: new UploadLimiter(settings.maxUploads(), new EmulatedLink(context.clock(), settings.uploadKbps()));
		this.worker = context.scheduler().createWorker();
		this.serial = this.worker::schedule;
		this.peers = links.peers();
		this.directory = new PeerDirectory(peerId, region, links.network(), links.peers());
		this.planner = new FetchPlanner(
				new SegmentScheduler(new SegmentScheduler.Settings(settings.p2p(), settings.urgentWindowSeconds(),
						settings.maxEdgeFetches(), settings.maxPeerFetches(), settings.peerStallTimeout())),
				settings.p2p() ? Math.max(settings.p2pWindowSeconds(), settings.bufferTargetSeconds())
						: settings.bufferTargetSeconds(),
				this.directory);
		PeerReports reports = new PeerReports(peerId, context.tracker(), this.directory, context.metrics(), this.tally,
				() -> this.announcer != null && this.announcer.announced(), this.serial);
		this.traces = new SegmentTraces(context.tracing(), peerId, region);
		this.fetcher = new SegmentFetcher(region, context.clock(), links.network(), links.peers(), this.edges,
				this.directory, reports, context.metrics(), this.tally, this.serial, this.traces);
	}

	public String peerId() {
		return this.peerId;
	}

	/** Media segments received so far (readable from any thread). */
	public int bufferedSegments() {
		return this.tally.segments();
	}

	/** Peers that told this listener of holders while the tracker did not answer. */
	public int peerExchanges() {
		return this.tally.peerExchanges();
	}

	/** Reports the tracker accepted from this listener (about bad or dead peers). */
	public int reportsSent() {
		return this.tally.reportsSent();
	}

	/**
	 * Whether P2P is on for this listener, as the tracker last said (the operator's
	 * switch, a takedown); readable from any thread.
	 */
	public boolean p2pOn() {
		return this.p2pSwitch.on();
	}

	/** The playback's figures so far, readable from any thread. */
	public Progress progress() {
		return this.progress;
	}

	/** The ABR's rendition changes so far, oldest first. */
	public List<RenditionSwitch> renditionSwitches() {
		AdaptiveBitrate current = this.abr;
		return (current != null) ? current.switches() : List.of();
	}

	/**
	 * Plays {@code track} to its end (a live track: from a few segments behind the live
	 * edge, for {@link ListenerSettings.Live#playSeconds}); emits the measurements (also
	 * for a failed playback).
	 */
	public Mono<ListenerResult> play(TrackId track) {
		this.worker.schedule(() -> begin(track));
		return this.result.asMono();
	}

	/** Leaves the swarm: stops playing and seeding, withdraws from the tracker. */
	public Mono<Void> stop() {
		Sinks.Empty<Void> stopped = Sinks.empty();
		this.worker.schedule(() -> {
			// leaving early is churn, not a failed playback
			finish(null);
			if (this.ticker != null) {
				this.ticker.dispose();
			}
			this.context.hosting().unregister(this.peerId);
			this.loading.clear();
			this.cache.clear();
			Mono<Void> leave = (this.announcer != null) ? this.announcer.stop() : Mono.empty();
			leave.doFinally((signal) -> {
				this.worker.dispose();
				stopped.tryEmitEmpty();
			}).subscribe();
		});
		return stopped.asMono();
	}

	private void begin(TrackId track) {
		this.trackId = track;
		long startNanos = this.context.clock().nanos();
		log.debug("{}: loading the playlists of {}", this.peerId, track);
		MediaLoader.load(this.edges, track)
			.subscribe((loaded) -> this.worker.schedule(() -> start(loaded, startNanos)),
					(error) -> this.worker.schedule(() -> finish("playlists unavailable: " + error.getMessage())));
	}

	private void start(TrackMedia track, long startNanos) {
		log.debug("{}: playlists loaded", this.peerId);
		TrackMedia loaded = track.live() ? track.fromLiveEdge(this.settings.live().edgeDistanceSegments()) : track;
		this.media = loaded;
		this.playback = new PlaybackState(loaded.durations(), !loaded.live());
		this.playback.start(startNanos);
		this.abr = new AdaptiveBitrate(loaded.ladderKbps(), this.settings.upSwitchBufferSeconds());
		this.downloads = new Downloads(loaded.segmentCount(), loaded.hasInit());
		// the tracker's swarm: the rendition it starts with
		String swarmRendition = loaded.renditions().get(this.abr.current()).rendition().id();
		if (this.settings.p2p()) {
			// in the swarms of every rendition it may switch to, its own first; a metered
			// listener joins too: it asks peers (over WebRTC, through the swarms)
			List<String> swarms = new ArrayList<>();
			swarms.add(loaded.trackId().value() + "/" + swarmRendition);
			for (RenditionPlaylist playlist : loaded.renditions()) {
				String swarm = loaded.trackId().value() + "/" + playlist.rendition().id();
				if (!swarms.contains(swarm)) {
					swarms.add(swarm);
				}
			}
			this.context.hosting().register(this.peerId, swarms, this.settings.metered() ? null : this);
		}
		ListenerSettings s = this.settings;
		this.lookup = new WindowLookup(
				new WindowLookup.Settings(this.peerId, this.region, s.peersPerSegment(), s.p2pWindowSeconds(),
						s.lookupInterval(), s.metered() ? 0 : s.claimsPerLookup(), CLAIM_FROM_SECONDS,
						s.bufferTargetSeconds(), s.urgentWindowSeconds()),
				this.context.tracker(), this.context.clock(), this.directory, this.tally, this.serial, this::schedule,
				this.traces, this.loading, this.p2pSwitch, this.peers);
		this.announcer = new Announcer(
				new Announcer.Settings(this.peerId, loaded.trackId().value(), swarmRendition, this.region,
						this.context.hosting().endpoint(this.peerId), this.context.hosting().endpointPin(this.peerId),
						(s.uploadKbps() > 0) ? s.uploadKbps() : UNCAPPED_UPLOAD_KBPS, s.announceBatch()),
				this.context.tracker(), this.context.clock(), this.cache, this.tally, this.serial, this.p2pSwitch);
		this.downloader = new Downloader(new Downloader.Parts(this.peerId, this.region, s.p2p(), () -> this.media,
				this.playback, this.downloads, this.abr, this.fetcher, this.directory, this.cache, this.loading,
				this.announcer, this.tally, this.context.metrics(), this.context.clock(), this.serial, () -> this.done,
				this::schedule, this.traces, this::trackGone));
		this.ticker = this.worker.schedulePeriodically(this::tick, 0, TICK.toNanos(), TimeUnit.NANOSECONDS);
		if (loaded.live()) {
			if (this.context.clock().toWallNanos(1_000_000_000L) != 1_000_000_000L) {
				finish("a live track plays in real time: run at speed 1");
				return;
			}
			new LiveFollower(this.peerId, this.edges, this.worker, () -> this.media, this::followLive).start();
		}
	}

	/**
	 * Takes in a live reload: new segments join the playback, segments that left the
	 * window are dropped from the cache (the next announce withdraws them, so the tracker
	 * forgets them), and once the listener has segments for its whole stay (or the stream
	 * ended) the playback is complete. Returns whether to keep following.
	 */
	private boolean followLive(TrackMedia.Extension reload) {
		if (this.done) {
			return false;
		}
		if (reload.fellBehind()) {
			finish("fell out of the live window");
			return false;
		}
		if (reload.added() > 0) {
			int before = this.media.segmentCount();
			this.media = reload.media();
			this.playback.append(this.media.durations(before));
			this.downloads.grow(this.media.segmentCount());
			this.lookup.windowGrew();
			log.debug("{}: live playlist brought {} segments", this.peerId, reload.added());
		}
		int leftWindow = (int) Math.min(this.media.segmentCount(), reload.windowStart() - this.media.firstSequence());
		for (; this.evictedBefore < leftWindow; this.evictedBefore++) {
			for (int r = 0; r < this.media.renditions().size(); r++) {
				this.cache.evict(this.media.segment(this.evictedBefore, r).name().id());
			}
		}
		if (reload.ended() || this.media.durationSeconds() >= this.settings.live().playSeconds()) {
			this.playback.complete();
			return false;
		}
		return true;
	}

	/**
	 * The listener's heartbeat: advance playback, look up the window, announce, schedule
	 * fetches. After the end of the track only announcing goes on: the listener seeds
	 * until it is stopped.
	 */
	private void tick() {
		if (!this.done) {
			this.playback.advance(this.context.clock().nanos());
			if (this.playback.isFinished()) {
				finish(null);
			}
			else if (this.playback.isStalled() && this.playback.stallNanos() > this.settings.maxStallSeconds() * 1e9) {
				finish("stalled for more than " + this.settings.maxStallSeconds() + " s");
			}
			else {
				this.progress = Progress.of(this.playback, this.tally, false, false);
				publishPlayback(false);
			}
		}
		// the swarm's traffic waits for the first segment: nothing competes with startup
		// (its fetch never waits for the tracker, see FetchPlanner)
		if (this.settings.p2p() && this.playback.hasStartedPlaying()) {
			// announce first: the tracker names a loader only once it knows the peer
			if (!this.settings.metered()) {
				this.announcer.maybeAnnounce();
			}
			if (!this.done) {
				this.lookup.maybeLookup(this.media, this.playback, this.downloads, this.abr.current());
			}
		}
		schedule();
	}

	private void schedule() {
		// past the first segment, plan on the tracker's answer (or its grace's end)
		if (this.done || this.settings.p2p() && this.playback.hasStartedPlaying() && !this.lookup.ready()) {
			return;
		}
		int rendition = this.abr.choose(this.playback.bufferAheadSeconds(), this.context.clock().wallNanos());
		for (Fetch fetch : this.planner.plan(this.media, this.playback, this.downloads, rendition,
				this.abr.ceiling())) {
			this.downloader.start(fetch);
		}
	}

	/**
	 * The edges answer 410 Gone for the track (taken down, see the tracker's takedown):
	 * its segments are dropped and never served again, and the playback ends with the
	 * reason.
	 */
	private void trackGone(String reason) {
		this.announcer.dropTrack();
		finish("the track is gone (taken down): " + reason);
	}

	private void finish(String failure) {
		if (this.done) {
			return;
		}
		this.done = true;
		this.traces.abandonWaiting();
		if (failure != null) {
			log.info("{}: playback of {} failed: {}", this.peerId, this.trackId, failure);
		}
		Progress last = Progress.of(this.playback, this.tally, true, failure != null);
		this.progress = last;
		publishPlayback(true);
		int stallEvents = (this.playback != null) ? this.playback.stallEvents() : 0;
		int switches = (this.downloads != null) ? this.downloads.renditionSwitches() : 0;
		this.result.tryEmitValue(ListenerResult.of(this.peerId, String.valueOf(this.trackId), this.region, last,
				stallEvents, this.tally, switches, this.edges.failovers(), failure));
	}

	/**
	 * Publishes startup, stalls and play time as they happen (not only when the listener
	 * finishes), so a running swarm shows them: play and stall time at least once per
	 * played second, and everything left at the end.
	 */
	private void publishPlayback(boolean last) {
		if (this.playback == null) {
			return;
		}
		ClientMetrics metrics = this.context.metrics();
		if (!this.startupPublished && this.playback.hasStartedPlaying()) {
			this.startupPublished = true;
			metrics.startup(this.region, Duration.ofNanos(this.playback.startupNanos()));
		}
		for (; this.publishedStallEvents < this.playback.stallEvents(); this.publishedStallEvents++) {
			metrics.rebuffer(this.region);
		}
		long played = this.playback.playedNanos();
		if (played - this.publishedPlayedNanos < PUBLISH_EVERY_NANOS && !last) {
			return;
		}
		long stalled = this.playback.stallNanos();
		if (stalled > this.publishedStallNanos) {
			metrics.rebufferSeconds(this.region, (stalled - this.publishedStallNanos) / 1e9);
			this.publishedStallNanos = stalled;
		}
		if (played > this.publishedPlayedNanos) {
			metrics.played(this.region, (played - this.publishedPlayedNanos) / 1e9);
			this.publishedPlayedNanos = played;
		}
	}

	// PeerHost: called from server threads, touching only thread-safe parts

	@Override
	public SegmentCache cache() {
		return this.cache;
	}

	@Override
	public LoadingSegments loading() {
		return this.loading;
	}

	@Override
	public UploadLimiter uploads() {
		// switched off by the operator: busy to every asker, who turns to the edge
		return this.p2pSwitch.on() ? this.uploads : null;
	}

	@Override
	public void uploaded(long bytes) {
		this.worker.schedule(() -> this.tally.uploaded(bytes));
	}

	/**
	 * Peer exchange, on the listener's worker (its directory is touched only there): this
	 * listener for the segments it holds if it uploads, and the holders it knows of the
	 * asker's region (a listener that finished playing still seeds and tells); nothing
	 * while P2P is off for it.
	 */
	@Override
	public Mono<List<SegmentPeers>> exchange(List<SegmentId> segments, String region) {
		return Mono.<List<SegmentPeers>>create((sink) -> this.worker.schedule(() -> {
			if (uploads() == null) {
				sink.success(List.of());
				return;
			}
			PeerEntry self = new PeerEntry(this.peerId, this.context.hosting().endpoint(this.peerId), this.region, 1,
					Instant.now(), this.context.hosting().endpointPin(this.peerId));
			List<SegmentPeers> told = new ArrayList<>();
			for (SegmentId segment : segments) {
				List<PeerEntry> holders = new ArrayList<>();
				if (this.cache.contains(segment)) {
					holders.add(self);
				}
				for (PeerEntry peer : this.directory.holdersIn(segment, region)) {
					if (holders.size() == PeerWire.MAX_EXCHANGED_PEERS) {
						break;
					}
					holders.add(peer);
				}
				if (!holders.isEmpty()) {
					told.add(new SegmentPeers(segment.value(), holders.size(), holders));
				}
			}
			sink.success(told);
		}));
	}

}
