package cdn.client.listener;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import cdn.client.edge.EdgeClient;
import cdn.client.hls.PlaylistParser;
import cdn.client.hls.RenditionPlaylist;
import cdn.client.hls.SegmentRef;
import cdn.client.hls.TrackMedia;
import cdn.client.net.EmulatedLink;
import cdn.client.net.NetworkEmulator;
import cdn.client.peer.PeerFailure;
import cdn.client.peer.PeerServer;
import cdn.client.peer.PeerTransport;
import cdn.client.peer.SegmentCache;
import cdn.client.peer.UploadLimiter;
import cdn.client.play.AbrController;
import cdn.client.play.PlaybackState;
import cdn.client.play.SimClock;
import cdn.client.play.ThroughputEstimator;
import cdn.client.schedule.SegmentScheduler;
import cdn.client.schedule.SegmentScheduler.Assignment;
import cdn.client.schedule.SegmentScheduler.Candidate;
import cdn.client.schedule.SegmentScheduler.Source;
import cdn.client.tracker.TrackerClient;
import cdn.protocol.CatalogTrack;
import cdn.protocol.Rendition;
import cdn.protocol.SegmentId;
import cdn.protocol.SegmentName;
import cdn.protocol.TrackId;
import cdn.protocol.tracker.AnnounceRequest;
import cdn.protocol.tracker.PeerEntry;
import cdn.protocol.tracker.PeerLookupRequest;
import cdn.protocol.tracker.PeerReport;
import cdn.protocol.tracker.SegmentPeers;
import io.lindstrom.m3u8.model.Variant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.core.scheduler.Scheduler;

/**
 * One listener: plays a track in real (simulated) time, fetching each segment from a peer
 * first and from its edge otherwise, verifying every segment's SHA-256 before it is
 * played or shared, and seeding what it holds. All of its state is touched only from its
 * own worker, so no locks: network completions are handed back to the worker.
 */
public final class Listener implements PeerServer.Host {

	private static final Logger log = LoggerFactory.getLogger(Listener.class);

	/** How often the listener wakes up in wall time, at most. */
	private static final Duration TICK = Duration.ofMillis(50);

	/** The shortest wall-clock wait for a peer, whatever the simulation speed. */
	private static final long MIN_PEER_WALL_TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

	/** The tracker's limit on segments per batched lookup. */
	private static final int MAX_LOOKUP_SEGMENTS = 32;

	/** Tracker traffic floors in wall time, whatever the simulation speed. */
	private static final long MIN_LOOKUP_WALL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

	private static final long MIN_ANNOUNCE_WALL_NANOS = TimeUnit.MILLISECONDS.toNanos(600);

	/**
	 * How long a starting listener waits for the tracker's first answer before it fetches
	 * anything, so that its first segments can come from peers too. On loopback the
	 * answer takes a few milliseconds; a slow tracker costs at most this much startup.
	 */
	private static final long FIRST_LOOKUP_GRACE_WALL_NANOS = TimeUnit.MILLISECONDS.toNanos(300);

	/** Services shared by all listeners of a JVM. */
	public record Context(SimClock clock, Scheduler scheduler, TrackerClient tracker, PeerTransport peers,
			PeerServer server, NetworkEmulator network, ClientMetrics metrics) {
	}

	private final String peerId;

	private final String region;

	private final ListenerSettings settings;

	private final Context context;

	private final EdgeClient edges;

	private final SegmentCache cache;

	private final UploadLimiter uploads;

	private final EmulatedLink downlink;

	private final Scheduler.Worker worker;

	private final SegmentScheduler scheduler;

	private final ThroughputEstimator edgeThroughput = new ThroughputEstimator();

	private final ThroughputEstimator peerThroughput = new ThroughputEstimator();

	private final Set<String> droppedPeers = new HashSet<>();

	private final Map<SegmentId, SegmentPeers> knownPeers = new HashMap<>();

	private final List<String> pendingAdded = new ArrayList<>();

	private final Sinks.One<ListenerResult> result = Sinks.one();

	private volatile Progress progress = new Progress(-1, 0, 0, 0, 0, 0, false, false);

	/** Every ABR decision that changed the rendition, readable from other threads. */
	private final List<RenditionSwitch> switches = new java.util.concurrent.CopyOnWriteArrayList<>();

	private TrackId trackId;

	private TrackMedia media;

	private PlaybackState playback;

	private AbrController abr;

	private int rendition;

	private int swarmRendition;

	private FetchState[] states;

	/**
	 * The rendition each index was fetched in (-1: not yet), for switches and the
	 * bitrate.
	 */
	private int[] fetchedRendition;

	private boolean[] initReady;

	private boolean[] initInFlight;

	private List<List<Integer>> awaitingInit;

	private int edgeInFlight;

	private int peerInFlight;

	private long lastLookupWall = Long.MIN_VALUE / 2;

	private long lastAnnounceWall = Long.MIN_VALUE / 2;

	private long heartbeatWallNanos = TimeUnit.SECONDS.toNanos(30);

	private boolean announced;

	private boolean firstLookupAnswered;

	private long startedWall;

	private volatile int bufferedSegments;

	private Disposable ticker;

	private boolean done;

	private long bytesPeer;

	private long bytesEdge;

	private long bytesEdgeHit;

	private long uploadedBytes;

	private int hashFailures;

	private int reportsSent;

	private int bitrateSwitches;

	private double bitrateSecondsKbps;

	private double mediaSeconds;

	private int segments;

	private long trackerRequests;

	private enum FetchState {

		NONE, IN_FLIGHT, DONE

	}

	public Listener(String peerId, String region, ListenerSettings settings, Context context, EdgeClient edges) {
		this.peerId = peerId;
		this.region = region;
		this.settings = settings;
		this.context = context;
		this.edges = edges;
		this.cache = new SegmentCache(settings.cacheQuotaBytes(), settings.seedingTtl());
		this.uploads = settings.metered() ? null
				: new UploadLimiter(settings.maxUploads(), new EmulatedLink(context.clock(), settings.uploadKbps()));
		this.downlink = new EmulatedLink(context.clock(), settings.downloadKbps());
		this.worker = context.scheduler().createWorker();
		this.scheduler = new SegmentScheduler(
				new SegmentScheduler.Settings(settings.p2p(), settings.urgentWindowSeconds(), settings.maxEdgeFetches(),
						settings.maxPeerFetches(), settings.peerStallTimeout()));
	}

	public String peerId() {
		return this.peerId;
	}

	/** Media segments received so far (readable from any thread). */
	public int bufferedSegments() {
		return this.bufferedSegments;
	}

	/** Reports the tracker accepted from this listener (about bad or dead peers). */
	public int reportsSent() {
		return this.reportsSent;
	}

	/** The emulated downlink, so a scenario can drop a listener's bandwidth. */
	/** The playback's figures so far, readable from any thread. */
	public Progress progress() {
		return this.progress;
	}

	private void publishProgress(boolean finished, boolean failed) {
		PlaybackState state = this.playback;
		this.progress = new Progress(
				(state != null && state.startupNanos() >= 0) ? state.startupNanos() / 1_000_000 : -1,
				(state != null) ? state.playedNanos() / 1_000_000 : 0,
				(state != null) ? state.stallNanos() / 1_000_000 : 0, this.bytesPeer, this.bytesEdge, this.bytesEdgeHit,
				finished, failed);
	}

	/** The ABR's rendition changes so far, oldest first. */
	public List<RenditionSwitch> renditionSwitches() {
		return List.copyOf(this.switches);
	}

	public EmulatedLink downlink() {
		return this.downlink;
	}

	/**
	 * Plays {@code track} to its end; emits the measurements (also for a failed
	 * playback).
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
			this.context.server().unregister(this.peerId);
			this.cache.clear();
			Mono<Void> leave = (this.announced) ? this.context.tracker()
				.announce(AnnounceRequest.stopped(this.peerId))
				.then()
				.onErrorResume((error) -> Mono.empty()) : Mono.empty();
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
		loadMedia(track).subscribe((loaded) -> this.worker.schedule(() -> start(loaded, startNanos)),
				(error) -> this.worker.schedule(() -> {
					this.playback = null;
					finish("playlists unavailable: " + error.getMessage());
				}));
	}

	private Mono<TrackMedia> loadMedia(TrackId track) {
		return this.edges.get(CatalogTrack.masterPath(track)).flatMap((master) -> {
			List<Variant> variants;
			try {
				variants = PlaylistParser.variants(new String(master.body(), java.nio.charset.StandardCharsets.UTF_8));
			}
			catch (Exception ex) {
				return Mono.error(ex);
			}
			// every rendition's playlist at once (one round trip, not one per rendition),
			// in
			// ladder order
			return Flux.fromIterable(variants).flatMapSequential((variant) -> {
				Rendition rendition = PlaylistParser.renditionOf(variant);
				return this.edges.get(CatalogTrack.mediaPath(track, rendition))
					.map((media) -> parseMedia(rendition, variant.bandwidth(), media.body()));
			}).collectList().map((renditions) -> new TrackMedia(track, renditions));
		});
	}

	private static RenditionPlaylist parseMedia(Rendition rendition, long bandwidth, byte[] body) {
		try {
			return PlaylistParser.media(rendition, bandwidth,
					new String(body, java.nio.charset.StandardCharsets.UTF_8));
		}
		catch (Exception ex) {
			throw new IllegalStateException("unreadable media playlist " + rendition + ": " + ex.getMessage(), ex);
		}
	}

	private void start(TrackMedia loaded, long startNanos) {
		this.media = loaded;
		this.playback = new PlaybackState(loaded.durations());
		this.playback.start(startNanos);
		int renditions = loaded.renditions().size();
		long[] ladder = loaded.renditions().stream().mapToLong((r) -> r.rendition().kbps()).toArray();
		this.abr = new AbrController(ladder, this.settings.upSwitchBufferSeconds());
		this.rendition = renditions / 2;
		this.swarmRendition = this.rendition;
		this.states = new FetchState[loaded.segmentCount()];
		java.util.Arrays.fill(this.states, FetchState.NONE);
		this.fetchedRendition = new int[loaded.segmentCount()];
		java.util.Arrays.fill(this.fetchedRendition, -1);
		this.initReady = new boolean[renditions];
		this.initInFlight = new boolean[renditions];
		this.awaitingInit = new ArrayList<>();
		for (int i = 0; i < renditions; i++) {
			this.initReady[i] = loaded.renditions().get(i).init() == null;
			this.awaitingInit.add(new ArrayList<>());
		}
		if (this.settings.p2p() && !this.settings.metered()) {
			this.context.server().register(this.peerId, this);
		}
		this.startedWall = System.nanoTime();
		this.firstLookupAnswered = !this.settings.p2p();
		this.ticker = this.worker.schedulePeriodically(this::tick, 0, TICK.toNanos(), TimeUnit.NANOSECONDS);
	}

	/**
	 * The listener's heartbeat: advance playback, look up the window, schedule fetches,
	 * announce. After the end of the track only announcing goes on: the listener seeds
	 * until it is stopped.
	 */
	private void tick() {
		if (this.playback == null) {
			return;
		}
		if (!this.done) {
			long now = this.context.clock().nanos();
			this.playback.advance(now);
			if (this.playback.isFinished()) {
				finish(null);
			}
			else if (this.playback.isStalled() && this.playback.stallNanos() > this.settings.maxStallSeconds() * 1e9) {
				finish("stalled for more than " + this.settings.maxStallSeconds() + " s");
			}
			else {
				publishProgress(false, false);
			}
		}
		long wall = System.nanoTime();
		if (this.settings.p2p()) {
			if (!this.done && wall - this.lastLookupWall >= Math.max(MIN_LOOKUP_WALL_NANOS,
					this.context.clock().toWallNanos(this.settings.lookupInterval().toNanos()))) {
				lookup(wall);
			}
			if (!this.settings.metered() && (!this.announced
					|| (!this.pendingAdded.isEmpty()
							&& wall - this.lastAnnounceWall >= Math.max(MIN_ANNOUNCE_WALL_NANOS,
									this.context.clock().toWallNanos(this.settings.announceBatch().toNanos())))
					|| wall - this.lastAnnounceWall >= this.heartbeatWallNanos)) {
				announce(wall);
			}
		}
		schedule();
	}

	private void schedule() {
		if (this.done || (!this.firstLookupAnswered
				&& System.nanoTime() - this.startedWall < FIRST_LOOKUP_GRACE_WALL_NANOS)) {
			return;
		}
		int chosen = this.abr.choose(this.rendition, edgeOrPeerThroughput(), this.playback.bufferAheadSeconds());
		if (chosen != this.rendition) {
			this.switches.add(new RenditionSwitch(System.nanoTime(),
					this.media.renditions().get(this.rendition).rendition().kbps(),
					this.media.renditions().get(chosen).rendition().kbps()));
		}
		this.rendition = chosen;
		int ceiling = this.abr.maxSustainable(Math.max(this.edgeThroughput.kbps(), this.peerThroughput.kbps()),
				this.rendition);
		double window = this.settings.p2p()
				? Math.max(this.settings.p2pWindowSeconds(), this.settings.bufferTargetSeconds())
				: this.settings.bufferTargetSeconds();
		List<Candidate> candidates = new ArrayList<>();
		Map<Integer, Integer> renditionOf = new HashMap<>();
		int first = this.playback.nextMissing();
		for (int i = Math.max(first, 0); first >= 0 && i < this.states.length; i++) {
			double until = this.playback.secondsUntilNeeded(i);
			if (until > window) {
				break;
			}
			if (this.states[i] != FetchState.NONE) {
				continue;
			}
			int rendition = renditionFor(i, ceiling);
			renditionOf.put(i, rendition);
			SegmentPeers known = this.knownPeers.get(segment(i, rendition).name().id());
			List<PeerEntry> peers = usablePeers(known);
			candidates.add(new Candidate(i, until, peers.size(), (int) peers.stream().filter(this::isNear).count(),
					(known != null) ? known.availability() : 0));
		}
		for (Assignment assignment : this.scheduler.plan(candidates, this.edgeInFlight, this.peerInFlight)) {
			int rendition = (assignment.source() == Source.PEER) ? renditionOf.get(assignment.index()) : this.rendition;
			fetch(assignment.index(), rendition, assignment);
		}
	}

	/**
	 * The rendition to ask peers for: the ABR's choice when a peer holds it, else the
	 * highest sustainable rendition a peer holds (peers that chose differently still
	 * help), else the ABR's choice (it will come from the edge).
	 */
	private int renditionFor(int index, int ceiling) {
		if (!usablePeers(this.knownPeers.get(segment(index, this.rendition).name().id())).isEmpty()) {
			return this.rendition;
		}
		for (int r = Math.max(ceiling, this.rendition); r >= 0; r--) {
			if (!usablePeers(this.knownPeers.get(segment(index, r).name().id())).isEmpty()) {
				return r;
			}
		}
		return this.rendition;
	}

	private SegmentRef segment(int index, int rendition) {
		return this.media.renditions().get(rendition).segments().get(index);
	}

	/**
	 * What the ABR trusts: the lower of the edge and peer estimates. A burst from a
	 * nearby peer cannot raise it above what the edge path delivers, and a drop of the
	 * listener's own link shows in whichever source it is using.
	 */
	private double edgeOrPeerThroughput() {
		double edge = this.edgeThroughput.kbps();
		double peer = this.peerThroughput.kbps();
		if (edge < 0 || peer < 0) {
			return Math.max(edge, peer);
		}
		return Math.min(edge, peer);
	}

	private void ensureInit(int renditionIndex) {
		SegmentName init = this.media.renditions().get(renditionIndex).init();
		if (this.initReady[renditionIndex] || this.initInFlight[renditionIndex]) {
			return;
		}
		this.initInFlight[renditionIndex] = true;
		// an init segment is tiny, only latency counts: a near peer or the edge
		boolean fromPeer = this.settings.p2p()
				&& usablePeers(this.knownPeers.get(init.id())).stream().anyMatch(this::isNear);
		log.debug("{}: init of {} from {}", this.peerId, renditionIndex, fromPeer ? "peer" : "edge");
		Source source = fromPeer ? Source.PEER : Source.EDGE;
		fetchBytes(init, source, Duration.ofMillis(500)).subscribe(
				(fetched) -> this.worker.schedule(() -> onInit(renditionIndex, init, fetched)),
				(error) -> this.worker.schedule(() -> this.initInFlight[renditionIndex] = false));
	}

	private void onInit(int renditionIndex, SegmentName init, Fetched fetched) {
		this.initInFlight[renditionIndex] = false;
		if (this.done) {
			return;
		}
		account(fetched, 0);
		this.cache.put(init.id(), fetched.bytes());
		this.pendingAdded.add(init.id().value());
		this.initReady[renditionIndex] = true;
		long now = this.context.clock().nanos();
		for (int index : this.awaitingInit.get(renditionIndex)) {
			this.playback.onBuffered(index, now);
		}
		this.awaitingInit.get(renditionIndex).clear();
		schedule();
	}

	private void fetch(int index, int renditionIndex, Assignment assignment) {
		SegmentRef segment = this.media.renditions().get(renditionIndex).segments().get(index);
		log.debug("{}: segment {} in {} from {}", this.peerId, index, renditionIndex, assignment.source());
		ensureInit(renditionIndex);
		this.states[index] = FetchState.IN_FLIGHT;
		if (assignment.source() == Source.PEER) {
			this.peerInFlight++;
		}
		else {
			this.edgeInFlight++;
		}
		fetchBytes(segment.name(), assignment.source(), assignment.peerTimeout()).subscribe(
				(fetched) -> this.worker.schedule(() -> onSegment(index, renditionIndex, assignment.source(), fetched)),
				(error) -> this.worker.schedule(() -> onSegmentFailed(index, assignment.source(), error)));
	}

	private void onSegment(int index, int renditionIndex, Source assigned, Fetched fetched) {
		release(assigned);
		if (this.done) {
			return;
		}
		SegmentRef segment = this.media.renditions().get(renditionIndex).segments().get(index);
		account(fetched, segment.durationSeconds());
		this.cache.put(segment.name().id(), fetched.bytes());
		this.pendingAdded.add(segment.name().id().value());
		this.states[index] = FetchState.DONE;
		this.fetchedRendition[index] = renditionIndex;
		this.segments++;
		this.bufferedSegments = this.segments;
		long kbps = this.media.renditions().get(renditionIndex).rendition().kbps();
		this.bitrateSecondsKbps += kbps * segment.durationSeconds();
		this.mediaSeconds += segment.durationSeconds();
		this.context.metrics().bitrate(this.region, kbps);
		if (this.initReady[renditionIndex]) {
			this.playback.onBuffered(index, this.context.clock().nanos());
		}
		else {
			this.awaitingInit.get(renditionIndex).add(index);
			ensureInit(renditionIndex);
		}
		schedule();
	}

	private void onSegmentFailed(int index, Source assigned, Throwable error) {
		release(assigned);
		if (this.done) {
			return;
		}
		this.states[index] = FetchState.NONE;
		log.debug("{}: segment {} failed: {}", this.peerId, index, error.getMessage());
	}

	private void release(Source source) {
		if (source == Source.PEER) {
			this.peerInFlight--;
		}
		else {
			this.edgeInFlight--;
		}
	}

	/**
	 * Verified bytes of one segment: from the best usable peer, falling back to the edge
	 * on any peer failure (a wrong hash included), or from the edge directly.
	 */
	private Mono<Fetched> fetchBytes(SegmentName name, Source source, Duration peerTimeout) {
		if (source == Source.PEER) {
			// the nearest usable peer; the tracker's order among equally near ones
			Optional<PeerEntry> nearest = usablePeers(this.knownPeers.get(name.id())).stream()
				.min(Comparator.comparing((PeerEntry peer) -> this.context.network().rtt(this.region, peer.region())));
			if (nearest.isPresent()) {
				// timeouts are simulated time; the network runs on the wall clock
				// (a sped-up simulation shortens waits, but not real network latency)
				Duration wallTimeout = Duration.ofNanos(
						Math.max(MIN_PEER_WALL_TIMEOUT_NANOS, this.context.clock().toWallNanos(peerTimeout.toNanos())));
				return fromPeer(nearest.get(), name.id(), wallTimeout).onErrorResume(PeerFailure.Exception.class,
						(failure) -> fromEdge(name));
			}
		}
		return fromEdge(name);
	}

	private Mono<Fetched> fromPeer(PeerEntry peer, SegmentId id, Duration timeout) {
		long start = this.context.clock().nanos();
		Duration rtt = this.context.network().rtt(this.region, peer.region());
		return this.context.network()
			.shape(this.context.peers().fetch(peer, id, timeout), rtt, this.downlink)
			.flatMap((bytes) -> {
				if (!id.matches(bytes)) {
					return Mono
						.error(new PeerFailure.Exception(PeerFailure.HASH_MISMATCH, "bytes do not hash to the id"));
				}
				return Mono.just(new Fetched(bytes, "peer", false, this.context.clock().nanos() - start));
			})
			.doOnError(PeerFailure.Exception.class,
					(failure) -> this.worker.schedule(() -> onPeerFailure(peer, failure)))
			.doOnSuccess((fetched) -> this.context.metrics()
				.segmentFetch("peer", "ok", Duration.ofNanos(fetched.elapsedNanos())));
	}

	private void onPeerFailure(PeerEntry peer, PeerFailure.Exception failure) {
		log.debug("{}: peer {} failed: {}", this.peerId, peer.peerId(), failure.getMessage());
		this.context.metrics().segmentFetch("peer", failure.failure().name().toLowerCase(), Duration.ZERO);
		if (failure.failure() == PeerFailure.HASH_MISMATCH) {
			this.hashFailures++;
			this.context.metrics().hashFailure("peer");
		}
		if (failure.failure().dropsPeer()) {
			this.droppedPeers.add(peer.peerId());
		}
		if (failure.failure().report() != null && this.announced) {
			this.trackerRequests++;
			this.context.tracker()
				.report(peer.peerId(), new PeerReport(this.peerId, failure.failure().report().id()))
				.subscribe(null, (error) -> log.debug("{}: report failed: {}", this.peerId, error.getMessage()),
						() -> this.worker.schedule(() -> this.reportsSent++));
		}
	}

	private Mono<Fetched> fromEdge(SegmentName name) {
		long start = this.context.clock().nanos();
		Mono<Fetched> verified = this.edges.get(name.path()).flatMap((response) -> {
			if (!name.id().matches(response.body())) {
				this.context.metrics().hashFailure("edge");
				this.worker.schedule(() -> this.hashFailures++);
				return Mono.error(new IllegalStateException("edge sent bytes that do not hash to " + name.id()));
			}
			return Mono.just(new Fetched(response.body(), "edge", response.cacheHit(), 0));
		});
		return this.context.network()
			.shape(verified, (fetched) -> fetched.bytes().length, this.context.network().rtt(this.region, this.region),
					this.downlink)
			.map((fetched) -> fetched.withElapsed(this.context.clock().nanos() - start));
	}

	/**
	 * Counts verified bytes by source and feeds the source's throughput estimate with
	 * media segments (an init segment is too small to say anything but latency).
	 */
	private void account(Fetched fetched, double mediaSeconds) {
		long bytes = fetched.bytes().length;
		this.context.metrics().segmentBytes(fetched.source(), this.region, bytes);
		if (fetched.source().equals("peer")) {
			this.bytesPeer += bytes;
			if (mediaSeconds > 0) {
				this.peerThroughput.sample(bytes, fetched.elapsedNanos(), mediaSeconds);
			}
		}
		else {
			this.bytesEdge += bytes;
			if (fetched.edgeCacheHit()) {
				this.bytesEdgeHit += bytes;
			}
			if (mediaSeconds > 0) {
				this.edgeThroughput.sample(bytes, fetched.elapsedNanos(), mediaSeconds);
			}
			this.context.metrics().segmentFetch("edge", "ok", Duration.ofNanos(fetched.elapsedNanos()));
		}
	}

	private List<PeerEntry> usablePeers(SegmentPeers peers) {
		if (peers == null) {
			return List.of();
		}
		return peers.peers()
			.stream()
			.filter((peer) -> !peer.peerId().equals(this.peerId) && !this.droppedPeers.contains(peer.peerId()))
			.toList();
	}

	/** At most as far away as the edge, so asking it first costs no latency. */
	private boolean isNear(PeerEntry peer) {
		NetworkEmulator network = this.context.network();
		return network.rtt(this.region, peer.region()).compareTo(network.rtt(this.region, this.region)) <= 0;
	}

	/**
	 * Asks who holds the window: missing inits, then each missing index in every
	 * rendition.
	 */
	private void lookup(long wall) {
		this.lastLookupWall = wall;
		List<String> wanted = new ArrayList<>();
		int renditions = this.media.renditions().size();
		for (int r = 0; r < renditions; r++) {
			SegmentName init = this.media.renditions().get(r).init();
			if (init != null && !this.initReady[r]) {
				wanted.add(init.id().value());
			}
		}
		int first = this.playback.nextMissing();
		for (int i = Math.max(first, 0); first >= 0 && i < this.states.length
				&& wanted.size() + renditions <= MAX_LOOKUP_SEGMENTS; i++) {
			if (this.playback.secondsUntilNeeded(i) > this.settings.p2pWindowSeconds()) {
				break;
			}
			if (this.states[i] == FetchState.NONE) {
				for (int r = 0; r < renditions; r++) {
					wanted.add(segment(i, r).name().id().value());
				}
			}
		}
		if (wanted.isEmpty()) {
			return;
		}
		this.trackerRequests++;
		this.context.tracker()
			.lookup(new PeerLookupRequest(wanted, this.region, this.settings.peersPerSegment(), this.peerId))
			.subscribe((answer) -> this.worker.schedule(() -> {
				for (SegmentPeers peers : answer.segments()) {
					this.knownPeers.put(SegmentId.of(peers.segment()), peers);
				}
				log.debug("{}: lookup of {} segments, {} with peers", this.peerId, answer.segments().size(),
						answer.segments().stream().filter((peers) -> !peers.peers().isEmpty()).count());
				this.firstLookupAnswered = true;
				schedule();
			}), (error) -> log.debug("{}: lookup failed: {}", this.peerId, error.getMessage()));
	}

	private void announce(long wall) {
		this.lastAnnounceWall = wall;
		// The tracker keys a swarm by track and rendition and resets a peer that changes
		// either; holdings span renditions after ABR switches, and lookups go by segment
		// id,
		// so a listener stays in the swarm of the rendition it started in.
		String rendition = this.media.renditions().get(this.swarmRendition).rendition().id();
		AnnounceRequest request;
		if (!this.announced) {
			request = AnnounceRequest.started(this.peerId, this.trackId.value(), rendition, this.region,
					this.context.server().endpoint(this.peerId), List.copyOf(this.pendingAdded), uploadKbps());
		}
		else {
			List<String> removed = this.cache.drainEvicted().stream().map(SegmentId::value).toList();
			request = AnnounceRequest.update(this.peerId, this.trackId.value(), rendition, this.region,
					this.context.server().endpoint(this.peerId), List.copyOf(this.pendingAdded), removed, uploadKbps(),
					this.uploadedBytes, this.bytesPeer + this.bytesEdge);
		}
		log.debug("{}: announce {} with {} new segments", this.peerId, request.event(), this.pendingAdded.size());
		this.pendingAdded.clear();
		this.announced = true;
		this.trackerRequests++;
		this.context.tracker().announce(request).subscribe((answer) -> this.worker.schedule(() -> {
			this.heartbeatWallNanos = TimeUnit.SECONDS.toNanos(Math.max(5, answer.intervalSeconds() - 5));
		}), (error) -> this.worker.schedule(() -> {
			// announce the whole holding again next time, so nothing is lost
			this.pendingAdded.addAll(0, this.cache.held().stream().map(SegmentId::value).toList());
			this.announced = false;
			log.debug("{}: announce failed: {}", this.peerId, error.getMessage());
		}));
	}

	private long uploadKbps() {
		return (this.settings.uploadKbps() > 0) ? this.settings.uploadKbps() : 10_000;
	}

	private void finish(String failure) {
		if (this.done) {
			return;
		}
		this.done = true;
		if (failure != null) {
			log.info("{}: playback of {} failed: {}", this.peerId, this.trackId, failure);
		}
		publishProgress(true, failure != null);
		PlaybackState state = this.playback;
		this.bitrateSwitches = 0;
		for (int i = 1; this.fetchedRendition != null && i < this.fetchedRendition.length; i++) {
			if (this.fetchedRendition[i] >= 0 && this.fetchedRendition[i - 1] >= 0
					&& this.fetchedRendition[i] != this.fetchedRendition[i - 1]) {
				this.bitrateSwitches++;
			}
		}
		long startup = (state != null && state.startupNanos() >= 0) ? state.startupNanos() / 1_000_000 : -1;
		if (startup >= 0) {
			this.context.metrics().startup(this.region, Duration.ofMillis(startup));
		}
		for (int i = 0; state != null && i < state.stallEvents(); i++) {
			this.context.metrics().rebuffer(this.region);
		}
		this.result.tryEmitValue(new ListenerResult(this.peerId, String.valueOf(this.trackId), this.region, startup,
				(state != null) ? state.playedNanos() / 1_000_000 : 0,
				(state != null) ? state.stallNanos() / 1_000_000 : 0, (state != null) ? state.stallEvents() : 0,
				this.bytesPeer, this.bytesEdge, this.bytesEdgeHit, this.hashFailures, this.bitrateSwitches,
				this.bitrateSecondsKbps, this.mediaSeconds, this.segments, this.trackerRequests, this.edges.failovers(),
				failure));
	}

	// PeerServer.Host: called from server threads, touching only thread-safe parts

	@Override
	public SegmentCache cache() {
		return this.cache;
	}

	@Override
	public UploadLimiter uploads() {
		return this.uploads;
	}

	@Override
	public void uploaded(long bytes) {
		this.worker.schedule(() -> this.uploadedBytes += bytes);
	}

	/**
	 * A playback's running figures, published on every tick: what a live report needs
	 * before the playback ends ({@link ListenerResult} has the final ones).
	 *
	 * @param startupMillis time to first audio, -1 until then
	 * @param playedMillis play time so far, stalls included
	 * @param stallMillis time stalled after startup so far
	 * @param bytesPeer verified bytes from peers
	 * @param bytesEdge bytes from edges
	 * @param bytesEdgeHit edge bytes the edge served from its cache
	 * @param finished the playback has ended
	 * @param failed it ended in a failure
	 */
	public record Progress(long startupMillis, long playedMillis, long stallMillis, long bytesPeer, long bytesEdge,
			long bytesEdgeHit, boolean finished, boolean failed) {
	}

	/**
	 * One ABR decision that changed the rendition.
	 *
	 * @param wallNanos when ({@link System#nanoTime()})
	 * @param fromKbps the rendition's nominal bitrate before
	 * @param toKbps and after
	 */
	public record RenditionSwitch(long wallNanos, long fromKbps, long toKbps) {

		public boolean down() {
			return this.toKbps < this.fromKbps;
		}

	}

	/** Verified bytes and where they came from. */
	private record Fetched(byte[] bytes, String source, boolean edgeCacheHit, long elapsedNanos) {

		Fetched withElapsed(long nanos) {
			return new Fetched(this.bytes, this.source, this.edgeCacheHit, nanos);
		}

	}

}
