package cdn.demo.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import cdn.client.listener.Listener;
import cdn.client.listener.ListenerResult;
import cdn.client.listener.ListenerSettings;
import cdn.client.play.SimClock;
import cdn.demo.ServiceProcess;
import cdn.protocol.SegmentId;
import cdn.protocol.TrackId;
import cdn.protocol.tracker.AnnounceRequest;
import cdn.sim.net.NetworkEmulator;
import cdn.sim.swarm.Swarm;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Listeners against real services run from their jars: two origin processes serving the
 * same store stand in for two ranked edges (same paths), and a real tracker. Playback
 * runs 8× faster than real time.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ListenerIT {

	static final double SPEED = 8;

	static Path storage;

	static ServiceProcess firstEdge;

	static ServiceProcess secondEdge;

	static ServiceProcess tracker;

	static Swarm swarm;

	static final java.util.Map<String, List<SegmentId>> SEGMENTS = new java.util.HashMap<>();

	@BeforeAll
	static void startServices() throws Exception {
		storage = Files.createTempDirectory("sim-client-it-origin");
		for (String track : List.of("after", "corrupt", "staller", "failover", "lockstep")) {
			SEGMENTS.put(track, FakeOriginStore.track(storage, track,
					(track.equals("failover") || track.equals("lockstep")) ? 16 : 10));
		}
		String[] origin = { "--origin.storage=" + storage, "--origin.demo-catalog.enabled=false" };
		firstEdge = ServiceProcess.start("origin-service", origin);
		secondEdge = ServiceProcess.start("origin-service", origin);
		tracker = ServiceProcess.start("tracker-service");
		SimClock clock = SimClock.scaled(SPEED);
		swarm = new Swarm(new Swarm.Endpoints(null, List.of(firstEdge.url(), secondEdge.url()), tracker.url()), clock,
				NetworkEmulator.none(clock), new SimpleMeterRegistry(), Swarm.PeerServing.loopback(),
				Duration.ofSeconds(5), "us-east");
	}

	@AfterAll
	static void stopServices() throws Exception {
		if (swarm != null) {
			swarm.close();
		}
		for (ServiceProcess service : new ServiceProcess[] { firstEdge, secondEdge, tracker }) {
			if (service != null) {
				service.stop();
			}
		}
	}

	@Test
	@Order(1)
	void listenerAfterAnotherGetsAtLeastNinetyPercentOfItsBytesFromIt() {
		ListenerResult first = play("a-first", "after", ListenerSettings.defaults());
		assertThat(first.failure()).isNull();
		assertThat(first.bytesEdge()).isPositive();

		ListenerResult second = play("a-second", "after", ListenerSettings.defaults());

		assertThat(second.failure()).isNull();
		assertThat(second.hashFailures()).isZero();
		double peerShare = (double) second.bytesPeer() / (second.bytesPeer() + second.bytesEdge());
		assertThat(peerShare).as("peer share of %s", second).isGreaterThanOrEqualTo(0.9);
	}

	@Test
	@Order(2)
	void peerSendingWrongBytesIsRejectedReportedAndRefetchedWithoutPlayingThem() {
		Listener liar = swarm.listener("c-liar", "us-east", ListenerSettings.defaults(), "corrupt");
		assertThat(liar.play(TrackId.of("corrupt")).block(Duration.ofSeconds(60)).failure()).isNull();
		for (SegmentId id : liar.cache().held()) {
			byte[] bytes = liar.cache().get(id).clone();
			bytes[bytes.length / 2] ^= 1;
			liar.cache().put(id, bytes);
		}

		Listener honest = swarm.listener("c-honest", "us-east", ListenerSettings.defaults(), "corrupt");
		ListenerResult result = honest.play(TrackId.of("corrupt")).block(Duration.ofSeconds(60));

		assertThat(result.failure()).isNull();
		assertThat(result.hashFailures()).isGreaterThanOrEqualTo(1);
		assertThat(result.bytesPeer()).isZero();
		assertThat(result.segments()).isEqualTo(10);
		await().atMost(Duration.ofSeconds(5)).until(() -> honest.reportsSent() >= 1);
		assertThat(honest.cache().held()).isNotEmpty()
			.allSatisfy((id) -> assertThat(id.matches(honest.cache().get(id))).isTrue());
	}

	@Test
	@Order(3)
	void peerThatNeverAnswersCostsNoRebuffer() throws Exception {
		DisposableServer silent = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.handle((request, response) -> Mono.never())
			.bindNow();
		try {
			List<String> everything = SEGMENTS.get("staller").stream().map(SegmentId::value).toList();
			swarm.tracker()
				.announce(AnnounceRequest.started("s-silent", "staller", "a128", "us-east",
						"http://127.0.0.1:" + silent.port() + "/p/s-silent", everything, 8000))
				.block(Duration.ofSeconds(5));

			ListenerResult result = play("s-listener", "staller", ListenerSettings.defaults());

			assertThat(result.failure()).isNull();
			assertThat(result.stallEvents()).isZero();
			assertThat(result.bytesEdge()).isPositive();
		}
		finally {
			silent.disposeNow();
		}
	}

	@Test
	@Order(4)
	void tenListenersJoiningTogetherLoadDifferentSegmentsFromTheEdgeAndShareThem() {
		int listeners = 10;
		List<ListenerResult> results = Flux.range(0, listeners)
			.flatMap((i) -> swarm.listener("l-" + i, "us-east", ListenerSettings.defaults(), "lockstep")
				.play(TrackId.of("lockstep")), listeners)
			.collectList()
			.block(Duration.ofSeconds(90));

		assertThat(results).hasSize(listeners).allSatisfy((result) -> {
			assertThat(result.failure()).isNull();
			assertThat(result.stallEvents()).as("stalls of %s", result.peerId()).isZero();
			assertThat(result.hashFailures()).isZero();
			assertThat(result.segments()).isEqualTo(16);
		});
		long peer = results.stream().mapToLong(ListenerResult::bytesPeer).sum();
		long edge = results.stream().mapToLong(ListenerResult::bytesEdge).sum();
		// the target: at least 0.8 of the ceiling (N-1)/N, with everyone joining
		// in the same instant (without claims every listener fetched every segment: 0 %)
		assertThat((double) peer / (peer + edge)).as("peer share of 10 listeners joining together")
			.isGreaterThanOrEqualTo(0.8 * (listeners - 1) / listeners);
	}

	@Test
	@Order(5)
	void edgeStoppedMidStreamMovesTheListenerToTheNextEdgeWithoutAFailedPlayback() throws Exception {
		Listener listener = swarm.listener("f-listener", "us-east", ListenerSettings.defaults().withP2p(false),
				"failover");
		Mono<ListenerResult> playing = listener.play(TrackId.of("failover")).cache();
		playing.subscribe();
		await().atMost(Duration.ofSeconds(30)).until(() -> listener.bufferedSegments() >= 4);
		Instant killed = Instant.now();
		firstEdge.stop();

		ListenerResult result = playing.block(Duration.ofSeconds(90));

		assertThat(result.failure()).isNull();
		assertThat(result.segments()).isEqualTo(16);
		assertThat(result.edgeFailovers()).isGreaterThanOrEqualTo(1);
		assertThat(Duration.between(killed, Instant.now())).isLessThan(Duration.ofSeconds(60));
	}

	private static ListenerResult play(String peerId, String track, ListenerSettings settings) {
		return swarm.listener(peerId, "us-east", settings, track).play(TrackId.of(track)).block(Duration.ofSeconds(60));
	}

}
