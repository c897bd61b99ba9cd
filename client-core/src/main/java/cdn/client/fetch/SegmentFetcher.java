package cdn.client.fetch;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import brave.Span;
import cdn.client.edge.EdgeFailover;
import cdn.client.metrics.ClientMetrics;
import cdn.client.metrics.Source;
import cdn.client.metrics.Tally;
import cdn.client.net.Network;
import cdn.client.peer.PeerDirectory;
import cdn.client.peer.PeerFailure;
import cdn.client.peer.PeerTransport;
import cdn.client.play.SimClock;
import cdn.client.trace.ClientTracing;
import cdn.client.trace.SegmentTraces;
import cdn.protocol.SegmentId;
import cdn.protocol.SegmentName;
import cdn.protocol.edge.CacheStatus;
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

	/**
	 * How many holders one segment may be asked of, in turn, when they refuse at once
	 * (busy, out of reach) before it goes to the edge.
	 */
	private static final int MAX_PEERS_ASKED = 3;

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

	private final SegmentTraces traces;

	/**
	 * @param serial the listener's worker: the directory and the tally are touched there
	 * @param traces where the peer attempt's and the edge request's spans come from
	 */
	public SegmentFetcher(String region, SimClock clock, Network network, PeerTransport peers, EdgeFailover edges,
			PeerDirectory directory, PeerReports reports, ClientMetrics metrics, Tally tally, Executor serial,
			SegmentTraces traces) {
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
		this.traces = traces;
	}

	/**
	 * @param source where the scheduler sent the segment
	 * @param peerTimeout how long a peer may take to start answering (playback time)
	 * @param trace the segment's trace ({@link SegmentTraces}): the peer attempt and the
	 * edge request are spans of it; null when not traced
	 */
	public Mono<Fetched> fetch(SegmentName name, Source source, Duration peerTimeout, Span trace) {
		ClientTracing.tag(trace, SegmentTraces.TAG_SEGMENT, name.id().value());
		ClientTracing.tag(trace, SegmentTraces.TAG_PLANNED, source.tag());
		if (source == Source.PEER) {
			List<PeerEntry> ranked = this.directory.ranked(name.id());
			if (!ranked.isEmpty()) {
				// timeouts are playback time; the network runs on the wall clock
				// (a sped-up simulation shortens waits, but not real network latency)
				long wallTimeout = Math.max(MIN_PEER_WALL_TIMEOUT_NANOS, this.clock.toWallNanos(peerTimeout.toNanos()));
				boolean loader = this.directory.usable(name.id()).isEmpty();
				List<PeerEntry> asked = ranked.subList(0, Math.min(MAX_PEERS_ASKED, ranked.size()));
				return fromPeers(asked, loader, name.id(), Duration.ofNanos(wallTimeout), trace)
					.onErrorResume(PeerFailure.Exception.class, (failure) -> fromEdge(name, trace));
			}
			// a peer miss: nobody near holds it
			ClientTracing.tag(trace, SegmentTraces.TAG_PEER_ATTEMPT, "none_near");
		}
		return fromEdge(name, trace);
	}

	/**
	 * Asks the peers in turn: the next only when the one before refused at once (busy, or
	 * out of this listener's reach), and only while the wait for the first answer lasts;
	 * a peer that was slow or sent bad bytes sends the segment to the edge.
	 * @param wallTimeout how long the wait for a peer lasts, all peers together (wall
	 * clock)
	 */
	private Mono<Fetched> fromPeers(List<PeerEntry> peers, boolean loader, SegmentId id, Duration wallTimeout,
			Span trace) {
		long asked = this.clock.nanos();
		Mono<Fetched> first = fromPeer(peers.get(0), loader, id, wallTimeout, trace);
		if (peers.size() == 1) {
			return first;
		}
		return first.onErrorResume(PeerFailure.Exception.class, (failure) -> {
			Duration left = wallTimeout.minusNanos(this.clock.toWallNanos(this.clock.nanos() - asked));
			return (failure.failure().triesNextPeer() && left.toNanos() > 0)
					? fromPeers(peers.subList(1, peers.size()), loader, id, left, trace) : Mono.error(failure);
		});
	}

	/**
	 * @param loader whether the peer was named as loading the segment, not holding it
	 */
	private Mono<Fetched> fromPeer(PeerEntry peer, boolean loader, SegmentId id, Duration timeout, Span trace) {
		long start = this.clock.nanos();
		Span attempt = this.traces.request(trace, SegmentTraces.PEER_FETCH, "peer");
		ClientTracing.tag(attempt, "cdn.peer.region", peer.region());
		Mono<byte[]> bytesFromPeer = this.peers.fetch(peer, id, timeout)
			.contextWrite((context) -> ClientTracing.carrying(context, attempt));
		return this.network.carry(bytesFromPeer, (bytes) -> bytes.length, this.directory.rtt(peer)).flatMap((bytes) -> {
			if (!id.matches(bytes)) {
				return Mono.error(new PeerFailure.Exception(PeerFailure.HASH_MISMATCH, "bytes do not hash to the id"));
			}
			return Mono.just(new Fetched(bytes, Source.PEER, false, this.clock.nanos() - start));
		})
			.doOnError(PeerFailure.Exception.class,
					(failure) -> this.serial.execute(() -> this.reports.failed(peer, failure, loader)))
			.doOnSuccess((fetched) -> this.metrics.segmentFetch(Source.PEER.tag(), "ok",
					Duration.ofNanos(fetched.elapsedNanos())))
			.doOnEach((signal) -> {
				if (signal.isOnNext()) {
					ClientTracing.tag(trace, SegmentTraces.TAG_PEER_ATTEMPT, "ok");
					ClientTracing.finish(attempt, null);
				}
				else if (signal.isOnError()) {
					String outcome = (signal.getThrowable() instanceof PeerFailure.Exception failure)
							? failure.failure().name().toLowerCase(Locale.ROOT) : "error";
					ClientTracing.tag(trace, SegmentTraces.TAG_PEER_ATTEMPT, outcome);
					ClientTracing.finish(attempt, signal.getThrowable());
				}
			})
			.doOnCancel(() -> ClientTracing.abandon(attempt));
	}

	private Mono<Fetched> fromEdge(SegmentName name, Span trace) {
		long start = this.clock.nanos();
		Span request = this.traces.request(trace, SegmentTraces.EDGE_FETCH, "edge-cache-service");
		Mono<Fetched> verified = this.edges.get(name.path()).doOnEach((signal) -> {
			if (signal.isOnNext()) {
				CacheStatus status = signal.get().cacheStatus();
				String cache = (status != null) ? status.name() : null;
				ClientTracing.tag(request, SegmentTraces.TAG_EDGE_CACHE, cache);
				ClientTracing.tag(trace, SegmentTraces.TAG_EDGE_CACHE, cache);
				ClientTracing.finish(request, null);
			}
			else if (signal.isOnError()) {
				ClientTracing.finish(request, signal.getThrowable());
			}
		})
			.doOnCancel(() -> ClientTracing.abandon(request))
			.contextWrite((context) -> ClientTracing.carrying(context, request))
			.flatMap((response) -> {
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
