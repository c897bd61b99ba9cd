package cdn.client.tracker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import cdn.client.metrics.Tally;
import cdn.client.peer.SegmentCache;
import cdn.client.play.SimClock;
import cdn.protocol.SegmentId;
import cdn.protocol.tracker.AnnounceRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Keeps the tracker told what one listener holds: a {@code started} announce with the
 * holding, then {@code update}s that batch new segments (and evicted ones), a heartbeat
 * at the interval the tracker asks for, and {@code stopped} when it leaves. A failed
 * announce sends the whole holding again next time, so nothing is lost. Runs on the
 * listener's own worker.
 */
public final class Announcer {

	private static final Logger log = LoggerFactory.getLogger(Announcer.class);

	/** Announce floor in wall time, whatever the simulation speed. */
	private static final long MIN_ANNOUNCE_WALL_NANOS = TimeUnit.MILLISECONDS.toNanos(600);

	/**
	 * Who announces what. The tracker keys a swarm by track and rendition and resets a
	 * peer that changes either; holdings span renditions after ABR switches and lookups
	 * go by segment id, so a listener stays in the swarm of the rendition it started in.
	 *
	 * @param endpoint where other peers reach this one
	 * @param endpointPin the key its {@code https} endpoint presents, {@code null} for
	 * none
	 * @param uploadKbps the upload capacity announced
	 * @param batch how long new segments are gathered before an announce (playback time)
	 */
	public record Settings(String self, String trackId, String rendition, String region, String endpoint,
			String endpointPin, long uploadKbps, Duration batch) {
	}

	private final Settings settings;

	private final TrackerClient tracker;

	private final SimClock clock;

	private final SegmentCache cache;

	private final Tally tally;

	private final Executor serial;

	private final P2pSwitch p2p;

	private final List<String> pendingAdded = new ArrayList<>();

	private long lastWall = Long.MIN_VALUE / 2;

	private long heartbeatWallNanos = TimeUnit.SECONDS.toNanos(30);

	private boolean announced;

	/**
	 * Whether the tracker said the track is taken down: its segments are gone from here.
	 */
	private boolean takenDown;

	/**
	 * @param cache what the listener holds, and what it evicted since the last announce
	 * @param serial the listener's worker
	 */
	public Announcer(Settings settings, TrackerClient tracker, SimClock clock, SegmentCache cache, Tally tally,
			Executor serial, P2pSwitch p2p) {
		this.settings = settings;
		this.p2p = p2p;
		this.tracker = tracker;
		this.clock = clock;
		this.cache = cache;
		this.tally = tally;
		this.serial = serial;
	}

	/**
	 * Whether the tracker knows this listener (reports are only heard from live peers).
	 */
	public boolean announced() {
		return this.announced;
	}

	/**
	 * The operator took the track down (the tracker or the edges said so): nothing of it
	 * is kept or served from here again.
	 */
	public void dropTrack() {
		this.takenDown = true;
		this.p2p.trackGone();
		this.cache.held().forEach(this.cache::evict);
		this.cache.drainEvicted();
		this.pendingAdded.clear();
	}

	/** Whether the track was taken down (see {@link #dropTrack()}). */
	public boolean trackTakenDown() {
		return this.takenDown;
	}

	/** A verified segment the listener now holds and shares. */
	public void added(SegmentId segment) {
		this.pendingAdded.add(segment.value());
	}

	/** Announces if it is time: never yet, a batch is due, or the heartbeat is. */
	public void maybeAnnounce() {
		long wall = this.clock.wallNanos();
		boolean batchDue = (!this.pendingAdded.isEmpty() || this.cache.hasEvicted()) && wall - this.lastWall >= Math
			.max(MIN_ANNOUNCE_WALL_NANOS, this.clock.toWallNanos(this.settings.batch().toNanos()));
		if (this.announced && !batchDue && wall - this.lastWall < this.heartbeatWallNanos) {
			return;
		}
		this.lastWall = wall;
		Settings s = this.settings;
		AnnounceRequest request;
		if (!this.announced) {
			request = AnnounceRequest
				.started(s.self(), s.trackId(), s.rendition(), s.region(), s.endpoint(), List.copyOf(this.pendingAdded),
						s.uploadKbps())
				.pinned(s.endpointPin());
		}
		else {
			List<String> removed = this.cache.drainEvicted().stream().map(SegmentId::value).toList();
			request = AnnounceRequest
				.update(s.self(), s.trackId(), s.rendition(), s.region(), s.endpoint(), List.copyOf(this.pendingAdded),
						removed, s.uploadKbps(), this.tally.uploadedBytes(),
						this.tally.bytesPeer() + this.tally.bytesEdge())
				.pinned(s.endpointPin());
		}
		log.debug("{}: announce {} with {} new segments", s.self(), request.event(), this.pendingAdded.size());
		this.pendingAdded.clear();
		this.announced = true;
		this.tally.trackerRequest();
		this.tracker.announce(request).subscribe((answer) -> this.serial.execute(() -> {
			this.heartbeatWallNanos = TimeUnit.SECONDS.toNanos(Math.max(5, answer.intervalSeconds() - 5));
			if (answer.trackTakenDown() && !this.takenDown) {
				log.info("{}: track {} taken down: dropping its segments", s.self(), s.trackId());
				dropTrack();
			}
			if (this.p2p.fromAnnounce(answer.p2pOn())) {
				// switched back on: the tracker dropped the holding while P2P was off
				log.info("{}: P2P switched on again", s.self());
				this.pendingAdded.addAll(0, this.cache.held().stream().map(SegmentId::value).toList());
				this.announced = false;
			}
			else if (!answer.p2pOn()) {
				log.debug("{}: P2P is switched off", s.self());
			}
		}), (error) -> this.serial.execute(() -> {
			// announce the whole holding again next time, so nothing is lost
			this.pendingAdded.addAll(0, this.cache.held().stream().map(SegmentId::value).toList());
			this.announced = false;
			log.debug("{}: announce failed: {}", s.self(), error.getMessage());
		}));
	}

	/** Withdraws from the tracker; completes whether or not the tracker heard it. */
	public Mono<Void> stop() {
		if (!this.announced) {
			return Mono.empty();
		}
		return this.tracker.announce(AnnounceRequest.stopped(this.settings.self()))
			.then()
			.onErrorResume((error) -> Mono.empty());
	}

}
