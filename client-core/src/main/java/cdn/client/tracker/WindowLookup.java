package cdn.client.tracker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import brave.Span;
import cdn.client.hls.SegmentRef;
import cdn.client.hls.TrackMedia;
import cdn.client.metrics.Tally;
import cdn.client.peer.LoadingSegments;
import cdn.client.peer.PeerDirectory;
import cdn.client.peer.PeerExchange;
import cdn.client.peer.PeerTransport;
import cdn.client.play.PlaybackState;
import cdn.client.play.SimClock;
import cdn.client.schedule.Downloads;
import cdn.client.trace.ClientTracing;
import cdn.client.trace.SegmentTraces;
import cdn.protocol.SegmentId;
import cdn.protocol.SegmentName;
import cdn.protocol.tracker.PeerEntry;
import cdn.protocol.tracker.PeerLookupRequest;
import cdn.protocol.tracker.SegmentPeers;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Asks the tracker, at a bounded rate, who holds the window ahead of the playhead:
 * missing init segments first, then each missing position in every rendition (one batched
 * lookup, at most {@link PeerLookupRequest#MAX_SEGMENTS}), and keeps the answers in the
 * listener's {@link PeerDirectory}. With claims on, the lookup also offers to load the
 * missing segments between the urgent window and the claim horizon, in the rendition the
 * ABR chose, earliest first: the tracker grants those nobody near holds or loads, the
 * listener fetches them from the edge and its peer server holds requests for them until
 * they arrive ({@link LoadingSegments}). Runs on the listener's own worker.
 */
public final class WindowLookup {

	private static final Logger log = LoggerFactory.getLogger(WindowLookup.class);

	/**
	 * How long the segments after the first wait for the tracker's first answer: on
	 * loopback it takes a few milliseconds; a slow tracker costs them at most this much,
	 * never a stall (they are needed seconds later).
	 */
	private static final long FIRST_ANSWER_GRACE_WALL_NANOS = TimeUnit.MILLISECONDS.toNanos(300);

	/** How long a peer has to answer an exchange. */
	private static final Duration EXCHANGE_TIMEOUT = Duration.ofSeconds(1);

	/** Lookup floor in wall time, whatever the simulation speed. */
	private static final long MIN_LOOKUP_WALL_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

	/**
	 * What the lookup reads and where it sends its query.
	 *
	 * @param self the listener's peer id, left out of the answers
	 * @param count peers wanted per segment
	 * @param windowSeconds how far ahead of the playhead to look
	 * @param interval time between lookups (playback time)
	 * @param claimMax claims asked for per lookup (0: none, a lookup of holders only);
	 * more when more offered segments turn urgent before the next lookup: the listener
	 * would fetch those from the edge without knowing whether another one loads them
	 * @param claimFromSeconds segments needed sooner are not offered (others could not
	 * wait for them)
	 * @param claimToSeconds segments needed later are not offered yet
	 * @param urgentWindowSeconds segments needed sooner are fetched at once
	 */
	public record Settings(String self, String region, int count, double windowSeconds, Duration interval, int claimMax,
			double claimFromSeconds, double claimToSeconds, double urgentWindowSeconds) {

		/** Without claims. */
		public Settings(String self, String region, int count, double windowSeconds, Duration interval) {
			this(self, region, count, windowSeconds, interval, 0, 0, 0, 0);
		}

	}

	private final Settings settings;

	private final P2pSwitch p2p;

	private final TrackerClient tracker;

	private final SimClock clock;

	private final PeerDirectory directory;

	private final Tally tally;

	private final Executor serial;

	private final Runnable answered;

	private final SegmentTraces traces;

	private final LoadingSegments loading;

	private final PeerTransport peers;

	/** Failed lookups so far: each asks the next known peers for an exchange. */
	private int exchangeRounds;

	private long lastWall = Long.MIN_VALUE / 2;

	/**
	 * Bumped when the window gained segments nobody looked up yet (a live playlist slid):
	 * the plan waits for a lookup of this generation.
	 */
	private int generation;

	/** The newest generation a lookup went out for, and when its first one went out. */
	private int sentGeneration = -1;

	private long sentWall = -1;

	private int answeredGeneration = -1;

	/**
	 * @param serial the listener's worker
	 * @param answered run on the worker after each answer was taken in
	 * @param traces each lookup is a span of the trace of the first media segment it asks
	 * about: the one most urgently waiting for its answer
	 * @param loading where granted claims go
	 * @param peers asked for an exchange ({@link PeerExchange}) when a lookup fails
	 */
	public WindowLookup(Settings settings, TrackerClient tracker, SimClock clock, PeerDirectory directory, Tally tally,
			Executor serial, Runnable answered, SegmentTraces traces, LoadingSegments loading, P2pSwitch p2p,
			PeerTransport peers) {
		this.settings = settings;
		this.p2p = p2p;
		this.tracker = tracker;
		this.clock = clock;
		this.directory = directory;
		this.tally = tally;
		this.serial = serial;
		this.answered = answered;
		this.traces = traces;
		this.loading = loading;
		this.peers = peers;
	}

	/**
	 * Whether the window may be planned on what the tracker said: it answered a lookup of
	 * the window as it is (the first one, or the first since the window grew), or the
	 * grace for that answer is over. Before such a lookup went out, no.
	 */
	public boolean ready() {
		return this.answeredGeneration >= this.generation || this.sentGeneration == this.generation
				&& this.clock.wallNanos() - this.sentWall >= FIRST_ANSWER_GRACE_WALL_NANOS;
	}

	/**
	 * New segments joined the window (a live playlist slid): look up at once, and let the
	 * plan wait for that answer, so that listeners in lockstep split the new segments'
	 * loads instead of each fetching them from the edge.
	 */
	public void windowGrew() {
		this.generation++;
		this.lastWall = Long.MIN_VALUE / 2;
	}

	/**
	 * Looks the window up if the last lookup is long enough ago.
	 * @param rendition the ABR's choice: what claims are offered in
	 */
	public void maybeLookup(TrackMedia media, PlaybackState playback, Downloads downloads, int rendition) {
		long wall = this.clock.wallNanos();
		if (wall - this.lastWall < Math.max(MIN_LOOKUP_WALL_NANOS,
				this.clock.toWallNanos(this.settings.interval().toNanos()))) {
			return;
		}
		this.lastWall = wall;
		Window window = window(media, playback, downloads, rendition);
		List<String> wanted = window.segments();
		if (wanted.isEmpty()) {
			return;
		}
		this.tally.trackerRequest();
		int asked = this.generation;
		if (this.sentGeneration < asked) {
			this.sentGeneration = asked;
			this.sentWall = wall;
		}
		Span span = (window.firstMedia() >= 0) ? this.traces.request(this.traces.segment(window.firstMedia()),
				SegmentTraces.TRACKER_LOOKUP, "tracker-service") : null;
		ClientTracing.tag(span, "cdn.lookup.segments", Integer.toString(wanted.size()));
		Settings s = this.settings;
		// switched off, it loads nothing for others
		boolean claiming = s.claimMax() > 0 && this.p2p.on();
		this.tracker
			.lookup(new PeerLookupRequest(wanted, s.region(), s.count(), s.self(), claiming ? window.offered() : null,
					claiming ? window.claimMax() : null))
			.contextWrite((context) -> ClientTracing.carrying(context, span))
			.doOnEach((signal) -> {
				if (signal.isOnNext() || signal.isOnError()) {
					ClientTracing.finish(span, signal.getThrowable());
				}
			})
			.subscribe((answer) -> this.serial.execute(() -> {
				int held = 0;
				int loaded = 0;
				int claimed = 0;
				if (this.p2p.fromLookup(answer.p2pOn())) {
					log.info("{}: P2P switched off", this.settings.self());
				}
				if (!this.p2p.on()) {
					// no peer is asked: the edge serves every segment
					this.directory.forgetAll();
				}
				for (SegmentPeers peers : this.p2p.on() ? answer.segments() : List.<SegmentPeers>of()) {
					this.directory.learn(peers);
					held += peers.peers().isEmpty() ? 0 : 1;
					loaded += peers.loadingPeers().isEmpty() ? 0 : 1;
					if (peers.claimedByRequester()) {
						this.loading.claimed(SegmentId.of(peers.segment()));
						claimed++;
					}
				}
				log.debug("{}: lookup of {} segments, {} with peers, {} loading, {} claimed of {} offered",
						this.settings.self(), answer.segments().size(), held, loaded, claimed, window.offered().size());
				this.answeredGeneration = Math.max(this.answeredGeneration, asked);
				if (answer.storeDegraded()) {
					// its store is down: the tracker knows nobody now, the peers still do
					exchange(wanted);
				}
				this.answered.run();
			}), (error) -> this.serial.execute(() -> {
				log.debug("{}: lookup failed: {}", this.settings.self(), error.getMessage());
				exchange(wanted);
			}));
	}

	/**
	 * The tracker did not answer (or answered that its store did not): asks a few peers
	 * this listener knows (nearest first, the next few each time) which of the window's
	 * segments they hold and whom they know holding them, so that known peers keep
	 * sharing while the tracker is away.
	 */
	private void exchange(List<String> wanted) {
		if (!this.p2p.on()) {
			return;
		}
		List<PeerEntry> known = this.directory.knownPeers();
		if (known.isEmpty()) {
			return;
		}
		List<SegmentId> segments = wanted.stream().map(SegmentId::of).toList();
		int asked = Math.min(PeerExchange.PEERS_ASKED, known.size());
		int first = (this.exchangeRounds++ * asked) % known.size();
		for (int i = 0; i < asked; i++) {
			PeerEntry peer = known.get((first + i) % known.size());
			this.peers.exchange(peer, segments, this.settings.region(), EXCHANGE_TIMEOUT)
				.subscribe((told) -> this.serial.execute(() -> {
					if (told.isEmpty() || !this.p2p.on()) {
						return;
					}
					this.tally.peerExchange();
					told.forEach(this.directory::learnFromPeer);
					log.debug("{}: {} told of holders of {} segments", this.settings.self(), peer.peerId(),
							told.size());
					this.answered.run();
				}));
		}
	}

	/**
	 * A lookup's segment ids, the position of the first media segment among them, and the
	 * ids offered to load.
	 */
	private record Window(List<String> segments, int firstMedia, List<String> offered, int claimMax) {
	}

	private Window window(TrackMedia media, PlaybackState playback, Downloads downloads, int rendition) {
		List<String> wanted = new ArrayList<>();
		List<String> offered = new ArrayList<>();
		int urgentBeforeNextLookup = 0;
		double intervalSeconds = this.settings.interval().toMillis() / 1000.0;
		int firstMedia = -1;
		int renditions = media.renditions().size();
		for (int r = 0; r < renditions; r++) {
			SegmentName init = media.renditions().get(r).init();
			if (init != null && !downloads.initReady(r)) {
				wanted.add(init.id().value());
			}
		}
		int first = playback.nextMissing();
		for (int i = Math.max(first, 0); first >= 0 && i < downloads.segments()
				&& wanted.size() + renditions <= PeerLookupRequest.MAX_SEGMENTS; i++) {
			double until = playback.secondsUntilNeeded(i);
			if (until > this.settings.windowSeconds()) {
				break;
			}
			if (downloads.isMissing(i)) {
				firstMedia = (firstMedia < 0) ? i : firstMedia;
				for (int r = 0; r < renditions; r++) {
					SegmentRef segment = media.renditions().get(r).segments().get(i);
					wanted.add(segment.name().id().value());
				}
				if (until > this.settings.claimFromSeconds() && until <= this.settings.claimToSeconds()) {
					offered.add(media.renditions().get(rendition).segments().get(i).name().id().value());
					if (until - this.settings.urgentWindowSeconds() < intervalSeconds) {
						urgentBeforeNextLookup++;
					}
				}
			}
		}
		return new Window(wanted, firstMedia, offered, Math.max(this.settings.claimMax(), urgentBeforeNextLookup));
	}

}
