package cdn.client.listener;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import brave.Tracing;
import brave.handler.MutableSpan;
import cdn.client.edge.EdgeFailover;
import cdn.client.edge.EdgeRejectedException;
import cdn.client.edge.EdgeResponse;
import cdn.client.metrics.ClientMetrics;
import cdn.client.net.Network;
import cdn.client.peer.PeerFailure;
import cdn.client.peer.LoadingSegments;
import cdn.client.peer.PeerHost;
import cdn.client.peer.PeerHosting;
import cdn.client.peer.PeerTransport;
import cdn.client.peer.SegmentCache;
import cdn.client.peer.UploadLimiter;
import cdn.client.play.SimClock;
import cdn.client.trace.ClientTracing;
import cdn.client.trace.RecordedSpans;
import cdn.client.trace.SegmentTraces;
import cdn.client.tracker.TrackerClient;
import cdn.protocol.SegmentId;
import cdn.protocol.TrackId;
import cdn.protocol.edge.CacheStatus;
import cdn.protocol.tracker.AnnounceRequest;
import cdn.protocol.tracker.AnnounceResponse;
import cdn.protocol.tracker.PeerEntry;
import cdn.protocol.tracker.PeerLookupRequest;
import cdn.protocol.tracker.PeerLookupResponse;
import cdn.protocol.tracker.PeerReport;
import cdn.protocol.tracker.SegmentPeers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client core composed on in-memory transports, in virtual time: no socket, no system
 * clock, a minute of playback in milliseconds. What the WebRTC transport and the
 * internet-scale simulator plug into.
 */
class ListenerCoreTest {

	private static final int SEGMENTS = 8;

	private static final int LIVE_SEGMENTS = 60;

	private static final int LIVE_ON_AIR = 6;

	private static final int LIVE_WINDOW = 5;

	private final VirtualTimeScheduler time = VirtualTimeScheduler.getOrSet();

	private final SimClock clock = new VirtualClock(this.time);

	private final Content content = new Content(this.time);

	private final MemoryTracker tracker = new MemoryTracker();

	private final MemoryPeers peers = new MemoryPeers();

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final ListenerContext context = new ListenerContext(this.clock, this.time, this.tracker, this.peers,
			new ClientMetrics(this.registry));

	@AfterEach
	void resetSchedulers() {
		VirtualTimeScheduler.reset();
	}

	@Test
	void aListenerAfterAnotherPlaysFromItsPeerWithoutASocket() {
		ListenerResult first = play("first");
		ListenerResult second = play("second");

		assertThat(first.failure()).isNull();
		assertThat(first.bytesPeer()).isZero();
		assertThat(first.segments()).isEqualTo(SEGMENTS);
		assertThat(second.failure()).isNull();
		assertThat(second.stallEvents()).isZero();
		assertThat(second.hashFailures()).isZero();
		// every segment but the first: startup never waits for the tracker
		assertThat(second.bytesEdge()).isEqualTo(this.content.segmentBytes(0) + this.content.initBytes());
		assertThat(second.bytesPeer()).isEqualTo((SEGMENTS - 1) * this.content.segmentBytes(0));
	}

	@Test
	void listenersInLockstepEachLoadDifferentSegmentsFromTheEdgeAndExchangeThem() {
		List<ListenerResult> results = playTogether(ListenerSettings.defaults(), "a", "b", "c", "d");

		assertThat(results).allSatisfy((result) -> {
			assertThat(result.failure()).isNull();
			assertThat(result.stallEvents()).isZero();
			assertThat(result.segments()).isEqualTo(SEGMENTS);
		});
		// the first is needed at once by everyone; every later one is loaded from the
		// edge
		// by the one listener that claimed it, the others wait for it
		Map<String, Long> fetches = edgeFetchesBySegment();
		assertThat(fetches.get(this.content.segmentPath(0))).isEqualTo(4);
		for (int i = 1; i < SEGMENTS; i++) {
			assertThat(fetches.get(this.content.segmentPath(i))).as("edge fetches of segment %d", i).isOne();
		}
		assertThat(this.tracker.claims.values()).as("the loads are spread over the swarm")
			.containsAnyOf("a", "b", "c", "d")
			.hasSize(SEGMENTS - 1);
		assertThat(this.tracker.claims.values().stream().distinct().count()).isGreaterThan(1);
	}

	@Test
	void whileTheTrackerIsAwayAListenerLearnsHoldersFromAPeerItKnows() {
		learnsHoldersFromAPeerItKnowsWhileTheTrackerCannotName();
	}

	@Test
	void whileTheTrackersStoreIsDownAListenerLearnsHoldersFromAPeerItKnows() {
		// the tracker answers, empty and flagged degraded
		this.tracker.degradedWhenAway = true;
		learnsHoldersFromAPeerItKnowsWhileTheTrackerCannotName();
	}

	private void learnsHoldersFromAPeerItKnowsWhileTheTrackerCannotName() {
		ListenerResult first = play("first");
		// the tracker's one answer names a holder of segment 1 only; then it is gone
		this.tracker.named = Set.of(this.content.segmentId(1).value());
		this.tracker.claims.clear();
		this.tracker.lookupsLeft.set(1);
		Listener second = listener("second");
		ListenerResult result = finish(second);

		assertThat(first.failure()).isNull();
		assertThat(result.failure()).isNull();
		assertThat(result.stallEvents()).isZero();
		assertThat(result.segments()).isEqualTo(SEGMENTS);
		assertThat(second.peerExchanges()).as("exchanges that named holders").isPositive();
		// more than the one segment the tracker named came from "first"
		assertThat(result.bytesPeer()).isGreaterThan(2 * this.content.segmentBytes(0));
		assertThat(result.hashFailures()).isZero();
	}

	@Test
	void aListenerTheTrackerSwitchedOffPlaysFromTheEdgeOnlyAndServesNobody() {
		ListenerResult first = play("first");
		this.tracker.p2pOn = false;
		ListenerResult second = play("second");

		assertThat(first.failure()).isNull();
		assertThat(second.failure()).isNull();
		assertThat(second.stallEvents()).isZero();
		assertThat(second.segments()).isEqualTo(SEGMENTS);
		// the lookups still name "first" as a holder: the announce's word keeps them
		// unused
		assertThat(second.bytesPeer()).isZero();
		assertThat(second.bytesEdge()).isEqualTo(SEGMENTS * this.content.segmentBytes(0) + this.content.initBytes());
		assertThat(this.tracker.claims.values()).as("a switched-off listener claims nothing").doesNotContain("second");
	}

	@Test
	void aListenerOfATrackTakenDownDropsItsSegmentsAndServesNone() {
		play("first");
		this.tracker.takenDown = true;
		ListenerResult second = play("second");

		assertThat(second.failure()).as("the edge still served it").isNull();
		assertThat(second.bytesPeer()).isZero();
		PeerHost host = this.peers.hosts.get("second");
		assertThat(host.cache().held()).as("nothing of the track is kept, so nothing is served").isEmpty();
		assertThat(host.uploads()).as("P2P off: every asker is answered busy").isNull();
	}

	@Test
	void aListenerWhoseEdgeSaysGoneEndsWithTheReasonAndKeepsNothingToServe() {
		this.content.goneAfter = 3;
		ListenerResult result = play("gone");

		assertThat(result.failure()).as("no retries against a 410").contains("taken down").contains("410");
		PeerHost host = this.peers.hosts.get("gone");
		assertThat(host.cache().held()).isEmpty();
		assertThat(host.uploads()).isNull();
	}

	@Test
	void withoutClaimsListenersInLockstepEachFetchEverySegmentFromTheEdge() {
		playTogether(ListenerSettings.defaults().withClaimsPerLookup(0), "a", "b", "c", "d");

		assertThat(edgeFetchesBySegment().values()).hasSize(SEGMENTS).containsOnly(4L);
		assertThat(this.tracker.claims).isEmpty();
	}

	@Test
	void aLoaderThatNeverDeliversCostsNoStall() {
		// "ghost" claims every segment and sits on it
		this.tracker
			.announce(AnnounceRequest.started("ghost", "song", "a128", "us-east", "memory:ghost", List.of(), 1000));
		GhostHost ghost = new GhostHost();
		this.peers.register("ghost", List.of("song/a128"), ghost);
		for (int i = 0; i < SEGMENTS; i++) {
			this.tracker.claims.put(this.content.segmentId(i).value(), "ghost");
			ghost.loading().claimed(this.content.segmentId(i));
		}

		ListenerResult waiting = play("waiting");

		assertThat(waiting.failure()).isNull();
		assertThat(waiting.stallEvents()).as("a loader that never delivers is given up in time").isZero();
		assertThat(waiting.segments()).isEqualTo(SEGMENTS);
		assertThat(waiting.bytesPeer()).isZero();
	}

	@Test
	void liveListenersInLockstepStartBehindTheEdgeShareTheNewSegmentsAndWithdrawWhatLeftTheWindow() {
		ListenerSettings settings = ListenerSettings.defaults().withLive(new ListenerSettings.Live(3, 24));
		List<ListenerResult> results = new ArrayList<>();
		for (String peerId : List.of("a", "b", "c", "d")) {
			new Listener(peerId, "us-east", settings, this.context,
					new ListenerLinks(new EdgeFailover(this.content::get, () -> Mono.just(List.of("edge"))), this.peers,
							Network.direct()))
				.play(TrackId.of("radio"))
				.subscribe(results::add);
		}
		for (int second = 0; second < 120 && results.size() < 4; second++) {
			this.time.advanceTimeBy(Duration.ofSeconds(1));
		}

		assertThat(results).hasSize(4).allSatisfy((result) -> {
			assertThat(result.failure()).isNull();
			assertThat(result.stallEvents()).isZero();
			// 24 s of 4 s segments
			assertThat(result.segments()).isEqualTo(6);
		});
		Map<String, Long> fetches = edgeFetchesBySegment();
		// 3 segments behind the edge: the window of 6 published starts at sequence 3
		assertThat(fetches.get(this.content.livePaths.get(3))).as("everyone's first segment").isEqualTo(4);
		assertThat(fetches).doesNotContainKeys(this.content.livePaths.get(2), this.content.livePaths.get(9));
		for (int sequence = 4; sequence <= 8; sequence++) {
			assertThat(fetches.get(this.content.livePaths.get(sequence))).as("edge fetches of %d", sequence).isOne();
		}
		long peerBytes = results.stream().mapToLong(ListenerResult::bytesPeer).sum();
		assertThat(peerBytes).isEqualTo(3 * 5 * this.content.liveSegmentBytes(4));
		// sequence 3 left the window (of 4..8) while they played: withdrawn from the
		// tracker
		assertThat(this.tracker.holdings.values())
			.allSatisfy((held) -> assertThat(held).doesNotContain(this.content.liveSegmentId(3).value())
				.contains(this.content.liveSegmentId(4).value()));
	}

	@Test
	void aLiveListenerOnAFastClockFailsWithAReason() {
		ListenerContext fast = new ListenerContext(new SimClock() {

			@Override
			public long nanos() {
				return 2 * ListenerCoreTest.this.clock.nanos();
			}

			@Override
			public long wallNanos() {
				return ListenerCoreTest.this.clock.nanos();
			}

			@Override
			public long toWallNanos(long simNanos) {
				return simNanos / 2;
			}

		}, this.time, this.tracker, this.peers, new ClientMetrics(this.registry));
		List<ListenerResult> results = new ArrayList<>();
		new Listener("hasty", "us-east", ListenerSettings.defaults(), fast, new ListenerLinks(
				new EdgeFailover(this.content::get, () -> Mono.just(List.of("edge"))), this.peers, Network.direct()))
			.play(TrackId.of("radio"))
			.subscribe(results::add);
		this.time.advanceTimeBy(Duration.ofSeconds(1));

		assertThat(results).singleElement()
			.satisfies((result) -> assertThat(result.failure())
				.isEqualTo("a live track plays in real time: run at speed 1"));
	}

	private Map<String, Long> edgeFetchesBySegment() {
		Map<String, Long> fetches = new HashMap<>();
		this.content.servedSegments.stream()
			.filter((path) -> path.endsWith(".m4s"))
			.forEach((path) -> fetches.merge(path, 1L, Long::sum));
		return fetches;
	}

	/** Listeners that join in the same instant and play to the end. */
	private List<ListenerResult> playTogether(ListenerSettings settings, String... peerIds) {
		List<ListenerResult> results = new ArrayList<>();
		for (String peerId : peerIds) {
			new Listener(peerId, "us-east", settings, this.context,
					new ListenerLinks(new EdgeFailover(this.content::get, () -> Mono.just(List.of("edge"))), this.peers,
							Network.direct()))
				.play(TrackId.of("song"))
				.subscribe(results::add);
		}
		for (int second = 0; second < 120 && results.size() < peerIds.length; second++) {
			this.time.advanceTimeBy(Duration.ofSeconds(1));
		}
		assertThat(results).as("all finished within two virtual minutes").hasSize(peerIds.length);
		return results;
	}

	/** A peer that claims segments and never loads them. */
	private static final class GhostHost implements PeerHost {

		private final SegmentCache cache = new SegmentCache(1 << 20, Duration.ofMinutes(1));

		private final LoadingSegments loading = new LoadingSegments();

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
			return null;
		}

		@Override
		public void uploaded(long bytes) {
		}

	}

	@Test
	void aPeerSendingWrongBytesIsCaughtReportedAndTheSegmentRefetchedFromTheEdge() {
		ListenerResult liar = play("liar");
		this.peers.corrupt("liar");

		ListenerResult honest = play("honest");

		assertThat(liar.failure()).isNull();
		assertThat(honest.failure()).isNull();
		// the fetches already on their way to the liar when the first check failed fail
		// too;
		// after that the liar is dropped
		int inFlightAtOnce = ListenerSettings.defaults().maxPeerFetches() + 1;
		assertThat(honest.hashFailures()).isBetween(1, inFlightAtOnce);
		assertThat(honest.bytesPeer()).as("no byte of the liar counted as played").isZero();
		assertThat(honest.segments()).isEqualTo(SEGMENTS);
		assertThat(this.tracker.reports).hasSize(honest.hashFailures()).containsOnly("liar <- honest: hash-mismatch");
		assertThat(this.content.servedSegments).as("every segment came from the edge, verified")
			.hasSize(2 * (SEGMENTS + 1));
	}

	@Test
	void aBusyHolderSendsTheListenerToTheNextHolderNotToTheEdge() {
		play("a");
		play("b");
		// the tracker names "a" first: every segment is asked of it first
		this.peers.busy("a");

		ListenerResult third = play("c");

		assertThat(third.failure()).isNull();
		assertThat(third.stallEvents()).isZero();
		assertThat(this.peers.busyAnswers).as("the busy holder was asked").hasPositiveValue();
		assertThat(third.bytesPeer()).as("every segment after startup from b")
			.isEqualTo((SEGMENTS - 1) * this.content.segmentBytes(0));
		assertThat(this.tracker.reports).as("a busy peer is healthy, not reported").isEmpty();
	}

	@Test
	void startupAndPlayTimeArePublishedWhilePlayingNotOnlyAtTheEnd() {
		Listener listener = new Listener("live", "us-east", ListenerSettings.defaults(), this.context,
				new ListenerLinks(new EdgeFailover(this.content::get, () -> Mono.just(List.of("edge"))), this.peers,
						Network.direct()));
		List<ListenerResult> result = new ArrayList<>();
		listener.play(TrackId.of("song")).subscribe(result::add);
		this.time.advanceTimeBy(Duration.ofSeconds(10));

		assertThat(result).as("still playing").isEmpty();
		assertThat(this.registry.get("cdn.client.startup").tag("region", "us-east").timer().count()).isOne();
		assertThat(this.registry.get("cdn.client.played.seconds").tag("region", "us-east").counter().count())
			.isBetween(5.0, 10.0);

		for (int second = 0; second < 120 && result.isEmpty(); second++) {
			this.time.advanceTimeBy(Duration.ofSeconds(1));
		}
		ListenerResult done = result.get(0);
		assertThat(this.registry.get("cdn.client.startup").timer().count()).as("startup once").isOne();
		assertThat(this.registry.get("cdn.client.played.seconds").counter().count())
			.isCloseTo(done.playedMillis() / 1000.0, org.assertj.core.data.Offset.offset(0.01));
		assertThat(this.registry.get("cdn.client.rebuffer.seconds").tag("region", "us-east").counter().count())
			.isCloseTo(done.stallMillis() / 1000.0, org.assertj.core.data.Offset.offset(0.01));
		assertThat(this.registry.get("cdn.client.rebuffer").counter().count()).isEqualTo(done.stallEvents());
	}

	@Test
	void eachSegmentIsATraceWhoseRequestsCarryItsTraceparent() {
		RecordedSpans recorded = new RecordedSpans();
		Queue<MutableSpan> spans = recorded.finished();
		try (Tracing tracing = recorded.tracing()) {
			ListenerContext traced = new ListenerContext(this.clock, this.time, this.tracker, this.peers,
					new ClientMetrics(this.registry), ClientTracing.of(tracing));
			play("first", traced);
			play("second", traced);
		}

		List<MutableSpan> roots = spans.stream().filter((span) -> span.parentId() == null).toList();
		assertThat(roots).filteredOn((root) -> root.name().equals(SegmentTraces.SEGMENT))
			.as("a trace per media segment of each listener")
			.hasSize(2 * SEGMENTS);
		assertThat(roots).filteredOn((root) -> root.name().equals(SegmentTraces.INIT_SEGMENT)).hasSize(2);
		// the first listener: every segment from the edge, the first one at once, the
		// second after the first lookup (made once playback started)
		MutableSpan first = root(roots, "first", 0);
		assertThat(first.tag(SegmentTraces.TAG_SOURCE)).isEqualTo("edge");
		assertThat(children(spans, first)).extracting(MutableSpan::name).containsExactly(SegmentTraces.EDGE_FETCH);
		MutableSpan edgeFetch = children(spans, first).stream()
			.filter((span) -> span.name().equals(SegmentTraces.EDGE_FETCH))
			.findFirst()
			.orElseThrow();
		assertThat(edgeFetch.kind()).isEqualTo(brave.Span.Kind.CLIENT);
		assertThat(edgeFetch.tag(SegmentTraces.TAG_EDGE_CACHE)).isEqualTo("HIT");
		assertThat(this.content.traceparents.get("/segments/" + first.tag(SegmentTraces.TAG_SEGMENT) + ".m4s"))
			.contains("00-" + first.traceId() + "-" + edgeFetch.id() + "-01");
		MutableSpan next = root(roots, "first", 1);
		MutableSpan lookup = children(spans, next).stream()
			.filter((span) -> span.name().equals(SegmentTraces.TRACKER_LOOKUP))
			.findFirst()
			.orElseThrow();
		assertThat(this.tracker.lookupTraceparents).contains("00-" + next.traceId() + "-" + lookup.id() + "-01");
		// the second listener: segments from its peer, the request carrying the trace
		MutableSpan fromPeer = roots.stream()
			.filter((root) -> "second".equals(root.tag("cdn.peer.id"))
					&& "peer".equals(root.tag(SegmentTraces.TAG_SOURCE)))
			.findFirst()
			.orElseThrow();
		assertThat(fromPeer.tag(SegmentTraces.TAG_PEER_ATTEMPT)).isEqualTo("ok");
		MutableSpan peerFetch = children(spans, fromPeer).stream()
			.filter((span) -> span.name().equals(SegmentTraces.PEER_FETCH))
			.findFirst()
			.orElseThrow();
		assertThat(this.peers.traceparents.get(SegmentId.of(fromPeer.tag(SegmentTraces.TAG_SEGMENT))))
			.isEqualTo("00-" + fromPeer.traceId() + "-" + peerFetch.id() + "-01");
	}

	private static MutableSpan root(List<MutableSpan> roots, String peerId, int index) {
		return roots.stream()
			.filter((root) -> root.name().equals(SegmentTraces.SEGMENT) && peerId.equals(root.tag("cdn.peer.id"))
					&& Integer.toString(index).equals(root.tag(SegmentTraces.TAG_INDEX)))
			.findFirst()
			.orElseThrow();
	}

	private static List<MutableSpan> children(Queue<MutableSpan> spans, MutableSpan parent) {
		return spans.stream()
			.filter((span) -> parent.id().equals(span.parentId()) && parent.traceId().equals(span.traceId()))
			.toList();
	}

	private ListenerResult play(String peerId) {
		return play(peerId, this.context);
	}

	private ListenerResult play(String peerId, ListenerContext context) {
		return finish(listener(peerId, context));
	}

	private Listener listener(String peerId) {
		return listener(peerId, this.context);
	}

	private Listener listener(String peerId, ListenerContext context) {
		return new Listener(peerId, "us-east", ListenerSettings.defaults(), context, new ListenerLinks(
				new EdgeFailover(this.content::get, () -> Mono.just(List.of("edge"))), this.peers, Network.direct()));
	}

	private ListenerResult finish(Listener listener) {
		String peerId = listener.peerId();
		List<ListenerResult> result = new ArrayList<>();
		listener.play(TrackId.of("song")).subscribe(result::add);
		for (int second = 0; second < 120 && result.isEmpty(); second++) {
			this.time.advanceTimeBy(Duration.ofSeconds(1));
		}
		assertThat(result).as("%s finished within two virtual minutes", peerId).hasSize(1);
		return result.get(0);
	}

	/** Time is the virtual scheduler's: playback and wall time are one. */
	private record VirtualClock(VirtualTimeScheduler time) implements SimClock {

		@Override
		public long nanos() {
			return this.time.now(TimeUnit.NANOSECONDS);
		}

		@Override
		public long wallNanos() {
			return nanos();
		}

		@Override
		public long toWallNanos(long simNanos) {
			return simNanos;
		}

	}

	/** One track of one rendition, as an edge serves it. */
	private static final class Content {

		private final Map<String, byte[]> paths = new HashMap<>();

		private final List<String> segmentPaths = new ArrayList<>();

		long segmentBytes(int index) {
			return this.paths.get(segmentPath(index)).length;
		}

		long initBytes() {
			return "init".length();
		}

		String segmentPath(int index) {
			return this.segmentPaths.get(index);
		}

		SegmentId segmentId(int index) {
			String path = segmentPath(index);
			return SegmentId.of(path.substring("/segments/".length(), path.length() - ".m4s".length()));
		}

		final List<String> servedSegments = new ArrayList<>();

		/**
		 * Segments served before every segment answers 410 Gone (a takedown); -1: never.
		 */
		volatile int goneAfter = -1;

		private final VirtualTimeScheduler time;

		/** The live track's segments by media sequence number. */
		private final List<String> livePaths = new ArrayList<>();

		Content(VirtualTimeScheduler time) {
			this.time = time;
			for (int k = 0; k < LIVE_SEGMENTS; k++) {
				byte[] segment = new byte[4000];
				segment[0] = (byte) k;
				segment[1] = 'L';
				this.livePaths.add(put(segment, ".m4s"));
			}
			this.paths.put("/tracks/radio/master.m3u8",
					("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=140000,CODECS=\"mp4a.40.2\"\na128/index.m3u8\n")
						.getBytes(StandardCharsets.UTF_8));
			byte[] init = "init".getBytes(StandardCharsets.UTF_8);
			StringBuilder media = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:4\n"
					+ "#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-MAP:URI=\"" + put(init, ".mp4") + "\"\n");
			for (int i = 0; i < SEGMENTS; i++) {
				byte[] segment = new byte[4000];
				segment[0] = (byte) i;
				String path = put(segment, ".m4s");
				this.segmentPaths.add(path);
				media.append("#EXTINF:4.0,\n").append(path).append('\n');
			}
			media.append("#EXT-X-ENDLIST\n");
			this.paths.put("/tracks/song/master.m3u8",
					("#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=140000,CODECS=\"mp4a.40.2\"\na128/index.m3u8\n")
						.getBytes(StandardCharsets.UTF_8));
			this.paths.put("/tracks/song/a128/index.m3u8", media.toString().getBytes(StandardCharsets.UTF_8));
		}

		private String put(byte[] bytes, String extension) {
			String path = "/segments/" + SegmentId.ofBytes(bytes).value() + extension;
			this.paths.put(path, bytes);
			return path;
		}

		/** Per path, the traceparents the requests for it carried. */
		final Map<String, List<String>> traceparents = new ConcurrentHashMap<>();

		Mono<EdgeResponse> get(String edge, String path) {
			return Mono.deferContextual((call) -> {
				call.<String>getOrEmpty(ClientTracing.TRACEPARENT)
					.ifPresent((traceparent) -> this.traceparents.computeIfAbsent(path, (key) -> new ArrayList<>())
						.add(traceparent));
				return answer(path);
			});
		}

		long liveSegmentBytes(int sequence) {
			return this.paths.get(this.livePaths.get(sequence)).length;
		}

		SegmentId liveSegmentId(int sequence) {
			String path = this.livePaths.get(sequence);
			return SegmentId.of(path.substring("/segments/".length(), path.length() - ".m4s".length()));
		}

		/**
		 * The live playlist now: LIVE_ON_AIR segments were out when the test began, one
		 * more every 4 s since; the last LIVE_WINDOW are listed.
		 */
		private byte[] livePlaylist() {
			int published = LIVE_ON_AIR + (int) (this.time.now(TimeUnit.SECONDS) / 4);
			int first = published - LIVE_WINDOW;
			StringBuilder media = new StringBuilder(
					"#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:4\n" + "#EXT-X-MEDIA-SEQUENCE:" + first
							+ "\n#EXT-X-MAP:URI=\"" + put("init".getBytes(StandardCharsets.UTF_8), ".mp4") + "\"\n");
			for (int k = first; k < published; k++) {
				media.append("#EXTINF:4.0,\n").append(this.livePaths.get(k)).append('\n');
			}
			return media.toString().getBytes(StandardCharsets.UTF_8);
		}

		private Mono<EdgeResponse> answer(String path) {
			byte[] body = path.equals("/tracks/radio/a128/index.m3u8") ? livePlaylist() : this.paths.get(path);
			if (body == null) {
				return Mono.error(new EdgeRejectedException(404, path));
			}
			if (path.startsWith("/segments/") && this.goneAfter >= 0 && this.servedSegments.size() >= this.goneAfter) {
				return Mono.error(new EdgeRejectedException(410, path + " answered 410"));
			}
			if (path.startsWith("/segments/")) {
				this.servedSegments.add(path);
			}
			return Mono.just(new EdgeResponse(body, CacheStatus.HIT));
		}

	}

	/**
	 * A tracker that hands out every holder, in the order of their peer ids, and records
	 * reports.
	 */
	private static final class MemoryTracker implements TrackerClient {

		private final Map<String, AnnounceRequest> peers = new ConcurrentSkipListMap<>();

		final Map<String, Set<String>> holdings = new ConcurrentHashMap<>();

		final List<String> reports = new ArrayList<>();

		/**
		 * What announces answer: a switch by track, which lookups (that know no track) do
		 * not repeat.
		 */
		volatile boolean p2pOn = true;

		/** Whether announces answer that the operator took the track down. */
		volatile boolean takenDown;

		@Override
		public Mono<AnnounceResponse> announce(AnnounceRequest request) {
			Set<String> held = this.holdings.computeIfAbsent(request.peerId(), (id) -> new HashSet<>());
			if (request.have() != null) {
				held.addAll(request.have());
			}
			if (request.added() != null) {
				held.addAll(request.added());
			}
			if (request.removed() != null) {
				held.removeAll(request.removed());
			}
			this.peers.putIfAbsent(request.peerId(), request);
			if (this.takenDown) {
				return Mono.just(new AnnounceResponse(30, false, true));
			}
			return Mono.just(new AnnounceResponse(30, this.p2pOn));
		}

		final List<String> lookupTraceparents = new ArrayList<>();

		/** Lookups answered before the tracker is away (the others fail). */
		final AtomicInteger lookupsLeft = new AtomicInteger(Integer.MAX_VALUE);

		/** Once away: answers empty and degraded (its store down) instead of failing. */
		volatile boolean degradedWhenAway;

		/** The segments whose holders lookups name; {@code null}: every one. */
		volatile Set<String> named;

		@Override
		public Mono<PeerLookupResponse> lookup(PeerLookupRequest request) {
			if (this.lookupsLeft.getAndDecrement() <= 0) {
				if (this.degradedWhenAway) {
					return Mono.just(new PeerLookupResponse(request.segments()
						.stream()
						.map((segment) -> new SegmentPeers(segment, 0, List.of()))
						.toList(), null, true));
				}
				return Mono.error(new IllegalStateException("the tracker is away"));
			}
			return Mono.deferContextual((call) -> {
				call.<String>getOrEmpty(ClientTracing.TRACEPARENT).ifPresent(this.lookupTraceparents::add);
				return answer(request);
			});
		}

		/**
		 * Segment -> the peer that claimed it, as the tracker grants claims (one region).
		 */
		final Map<String, String> claims = new ConcurrentHashMap<>();

		private boolean held(String segment) {
			return this.holdings.values().stream().anyMatch((held) -> held.contains(segment));
		}

		private Mono<PeerLookupResponse> answer(PeerLookupRequest request) {
			if (request.claim() != null) {
				int granted = 0;
				for (String offered : request.claim()) {
					if (granted < request.claimMax() && !held(offered)
							&& this.claims.putIfAbsent(offered, request.exclude()) == null) {
						granted++;
					}
				}
			}
			List<SegmentPeers> answer = new ArrayList<>();
			for (String segment : request.segments()) {
				List<PeerEntry> holders = this.peers.values()
					.stream()
					.filter((peer) -> !peer.peerId().equals(request.exclude())
							&& this.holdings.get(peer.peerId()).contains(segment)
							&& (this.named == null || this.named.contains(segment)))
					.map((peer) -> new PeerEntry(peer.peerId(), peer.endpoint(), peer.region(), 1, Instant.EPOCH))
					.toList();
				if (request.claim() == null) {
					answer.add(new SegmentPeers(segment, holders.size(), holders));
					continue;
				}
				String loader = this.claims.get(segment);
				List<PeerEntry> loading = (loader == null || loader.equals(request.exclude()) || !holders.isEmpty())
						? List.of() : List.of(new PeerEntry(loader, "memory:" + loader, "us-east", 1, Instant.EPOCH));
				answer
					.add(new SegmentPeers(segment, holders.size(), holders, loading, request.exclude().equals(loader)));
			}
			return Mono.just(new PeerLookupResponse(answer));
		}

		@Override
		public Mono<Void> report(String peerId, PeerReport report) {
			this.reports.add(peerId + " <- " + report.reporter() + ": " + report.reason());
			return Mono.empty();
		}

	}

	/**
	 * Peers reach each other's caches directly; a corrupt one flips a byte of everything.
	 */
	private static final class MemoryPeers implements PeerHosting, PeerTransport {

		private final Map<String, PeerHost> hosts = new ConcurrentHashMap<>();

		private final Set<String> corrupt = ConcurrentHashMap.newKeySet();

		private final Set<String> busy = ConcurrentHashMap.newKeySet();

		final AtomicInteger busyAnswers = new AtomicInteger();

		void corrupt(String peerId) {
			this.corrupt.add(peerId);
		}

		/** The peer answers every request at once with "busy", as a full one does. */
		void busy(String peerId) {
			this.busy.add(peerId);
		}

		@Override
		public String endpoint(String peerId) {
			return "memory:" + peerId;
		}

		@Override
		public void register(String peerId, List<String> swarms, PeerHost host) {
			if (host != null) {
				this.hosts.put(peerId, host);
			}
		}

		@Override
		public void unregister(String peerId) {
			this.hosts.remove(peerId);
		}

		final Map<SegmentId, String> traceparents = new ConcurrentHashMap<>();

		@Override
		public Mono<List<SegmentPeers>> exchange(PeerEntry peer, List<SegmentId> segments, String region,
				Duration timeout) {
			PeerHost host = this.hosts.get(peer.peerId());
			return (host != null) ? host.exchange(segments, region) : Mono.just(List.of());
		}

		@Override
		public Mono<byte[]> fetch(PeerEntry peer, SegmentId segment, Duration stallTimeout) {
			return Mono.deferContextual((call) -> {
				call.<String>getOrEmpty(ClientTracing.TRACEPARENT)
					.ifPresent((traceparent) -> this.traceparents.put(segment, traceparent));
				// as HttpPeerTransport does: the asker bounds its wait
				return answer(peer, segment).timeout(stallTimeout,
						Mono.error(new PeerFailure.Exception(PeerFailure.TIMEOUT, "no answer in time")));
			});
		}

		private Mono<byte[]> answer(PeerEntry peer, SegmentId segment) {
			if (this.busy.contains(peer.peerId())) {
				this.busyAnswers.incrementAndGet();
				return Mono.error(new PeerFailure.Exception(PeerFailure.BUSY, "no upload slot"));
			}
			PeerHost host = this.hosts.get(peer.peerId());
			if (host != null && host.cache().get(segment) == null && host.loading().isLoading(segment)) {
				// as PeerServer does: held until the loader has it
				return host.loading()
					.whenEnded(segment, Duration.ofSeconds(10))
					.then(Mono.defer(() -> answerNow(peer, segment)));
			}
			return answerNow(peer, segment);
		}

		private Mono<byte[]> answerNow(PeerEntry peer, SegmentId segment) {
			PeerHost host = this.hosts.get(peer.peerId());
			byte[] bytes = (host != null) ? host.cache().get(segment) : null;
			if (bytes == null) {
				return Mono.error(new PeerFailure.Exception(PeerFailure.SEGMENT_ABSENT, "not held"));
			}
			if (this.corrupt.contains(peer.peerId())) {
				bytes = bytes.clone();
				bytes[bytes.length - 1] ^= 1;
			}
			return Mono.just(bytes);
		}

	}

}
