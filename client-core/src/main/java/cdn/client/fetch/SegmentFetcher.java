package cdn.client.fetch;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import cdn.client.edge.EdgeFailover;
import cdn.client.metrics.ClientMetrics;
import cdn.client.metrics.Source;
import cdn.client.metrics.Tally;
import cdn.client.net.Network;
import cdn.client.peer.PeerDirectory;
import cdn.client.peer.PeerFailure;
import cdn.client.peer.PeerTransport;
import cdn.client.play.SimClock;
import cdn.protocol.SegmentId;
import cdn.protocol.SegmentName;
import cdn.protocol.tracker.PeerEntry;
import reactor.core.publisher.Mono;

/**
 * Verified bytes of one segment, with fallback: from the nearest usable peer when the
 * scheduler chose a peer, then from the listener's edge, then from the next ranked edge
 * ({@link EdgeFailover}). Every byte is checked against the segment id (its SHA-256)
 * before it is returned, whichever transport brought it; a peer that fails (a wrong hash
 * included) goes to {@link PeerReports} and the segment to the edge.
 */
public final class SegmentFetcher {

	/** The shortest wall-clock wait for a peer, whatever the simulation speed. */
	private static final long MIN_PEER_WALL_TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

	private final String region;

	private final SimClock clock;

	private final Network network;

	private final PeerTransport peers;

	private final EdgeFailover edges;

	private final PeerDirectory directory;

	private final PeerReports reports;

	private final ClientMetrics metrics;

	private final Tally tally;

	private final Executor serial;

	/**
	 * @param serial the listener's worker: the directory and the tally are touched there
	 */
	public SegmentFetcher(String region, SimClock clock, Network network, PeerTransport peers, EdgeFailover edges,
			PeerDirectory directory, PeerReports reports, ClientMetrics metrics, Tally tally, Executor serial) {
		this.region = region;
		this.clock = clock;
		this.network = network;
		this.peers = peers;
		this.edges = edges;
		this.directory = directory;
		this.reports = reports;
		this.metrics = metrics;
		this.tally = tally;
		this.serial = serial;
	}

	/**
	 * @param source where the scheduler sent the segment
	 * @param peerTimeout how long a peer may take to start answering (playback time)
	 */
	public Mono<Fetched> fetch(SegmentName name, Source source, Duration peerTimeout) {
		if (source == Source.PEER) {
			Optional<PeerEntry> nearest = this.directory.nearest(name.id());
			if (nearest.isPresent()) {
				// timeouts are playback time; the network runs on the wall clock
				// (a sped-up simulation shortens waits, but not real network latency)
				Duration wallTimeout = Duration
					.ofNanos(Math.max(MIN_PEER_WALL_TIMEOUT_NANOS, this.clock.toWallNanos(peerTimeout.toNanos())));
				return fromPeer(nearest.get(), name.id(), wallTimeout).onErrorResume(PeerFailure.Exception.class,
						(failure) -> fromEdge(name));
			}
		}
		return fromEdge(name);
	}

	private Mono<Fetched> fromPeer(PeerEntry peer, SegmentId id, Duration timeout) {
		long start = this.clock.nanos();
		return this.network
			.carry(this.peers.fetch(peer, id, timeout), (bytes) -> bytes.length, this.directory.rtt(peer))
			.flatMap((bytes) -> {
				if (!id.matches(bytes)) {
					return Mono
						.error(new PeerFailure.Exception(PeerFailure.HASH_MISMATCH, "bytes do not hash to the id"));
				}
				return Mono.just(new Fetched(bytes, Source.PEER, false, this.clock.nanos() - start));
			})
			.doOnError(PeerFailure.Exception.class,
					(failure) -> this.serial.execute(() -> this.reports.failed(peer, failure)))
			.doOnSuccess((fetched) -> this.metrics.segmentFetch(Source.PEER.tag(), "ok",
					Duration.ofNanos(fetched.elapsedNanos())));
	}

	private Mono<Fetched> fromEdge(SegmentName name) {
		long start = this.clock.nanos();
		Mono<Fetched> verified = this.edges.get(name.path()).flatMap((response) -> {
			if (!name.id().matches(response.body())) {
				this.metrics.hashFailure(Source.EDGE.tag());
				this.serial.execute(this.tally::hashFailure);
				return Mono.error(new IllegalStateException("edge sent bytes that do not hash to " + name.id()));
			}
			return Mono.just(new Fetched(response.body(), Source.EDGE, response.cacheHit(), 0));
		});
		return this.network
			.carry(verified, (fetched) -> fetched.bytes().length, this.network.rtt(this.region, this.region))
			.map((fetched) -> fetched.withElapsed(this.clock.nanos() - start));
	}

}
