package cdn.demo.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import cdn.client.listener.Listener;
import cdn.client.listener.ListenerResult;
import cdn.client.listener.ListenerSettings;
import cdn.client.play.SimClock;
import cdn.demo.ServiceProcess;
import cdn.protocol.TrackId;
import cdn.sim.net.NetworkEmulator;
import cdn.sim.swarm.Swarm;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Peers outlive a tracker outage (issue 17): a swarm of listeners joining one after
 * another plays a track twice, with real services run from their jars (an origin standing
 * in for the edge, a tracker per run), once as it is and once with the tracker killed
 * ({@code SIGKILL}) 25 s into the swarm. Listeners keep the peers they know and ask them
 * who holds the segments ahead (peer exchange), so the share of bytes from peers after
 * that moment stays within 10 points of the run without the outage, and no playback
 * fails.
 */
class TrackerOutageIT {

	private static final Logger log = LoggerFactory.getLogger(TrackerOutageIT.class);

	static final String TRACK = "outage";

	/** 4 s each: 160 s of playback, 40 s at speed 4. */
	static final int SEGMENTS = 40;

	static final int LISTENERS = 10;

	static final Duration APART = Duration.ofSeconds(1);

	/** From the first listener's start to the tracker's kill (wall time). */
	static final Duration OUTAGE_AT = Duration.ofSeconds(25);

	static ServiceProcess edge;

	@BeforeAll
	static void startEdge() throws Exception {
		Path storage = Files.createTempDirectory("tracker-outage-it-origin");
		FakeOriginStore.track(storage, TRACK, SEGMENTS);
		edge = ServiceProcess.start("origin-service", "--origin.storage=" + storage,
				"--origin.demo-catalog.enabled=false");
	}

	@AfterAll
	static void stopEdge() throws Exception {
		if (edge != null) {
			edge.stop();
		}
	}

	@Test
	void thePeerShareAfterTheTrackerIsKilledStaysWithinTenPointsOfARunWithoutTheOutage() throws Exception {
		Run steady = run("steady", false);
		Run outage = run("outage", true);
		log.info("peer share after {} s: {} without the outage, {} with the tracker killed ({} exchanges)",
				OUTAGE_AT.toSeconds(), steady.shareAfter(), outage.shareAfter(), outage.exchanges);

		for (Run run : List.of(steady, outage)) {
			assertThat(run.results).hasSize(LISTENERS).allSatisfy((result) -> {
				assertThat(result.failure()).as("failure of %s", result.peerId()).isNull();
				assertThat(result.segments()).isEqualTo(SEGMENTS);
			});
		}
		assertThat(steady.shareAfter()).as("the swarm shares without an outage").isGreaterThan(0.5);
		assertThat(outage.exchanges).as("peers told each other of holders").isPositive();
		assertThat(outage.shareAfter()).as("peer share after the kill against the run without it")
			.isGreaterThanOrEqualTo(steady.shareAfter() - 0.10);
	}

	/** Bytes from peers and from the edge at the outage moment and at the end. */
	private record Run(List<ListenerResult> results, long peerAt, long edgeAt, int exchanges) {

		double shareAfter() {
			long peer = this.results.stream().mapToLong(ListenerResult::bytesPeer).sum() - this.peerAt;
			long edge = this.results.stream().mapToLong(ListenerResult::bytesEdge).sum() - this.edgeAt;
			return (double) peer / (peer + edge);
		}

	}

	private static Run run(String name, boolean killTracker) throws Exception {
		ServiceProcess tracker = ServiceProcess.start("tracker-service");
		SimClock clock = SimClock.scaled(4);
		try (Swarm swarm = new Swarm(new Swarm.Endpoints(null, List.of(edge.url()), tracker.url()), clock,
				NetworkEmulator.none(clock), new SimpleMeterRegistry(), Swarm.PeerServing.loopback(),
				Duration.ofSeconds(5), "us-east")) {
			List<Listener> listeners = new ArrayList<>();
			for (int i = 0; i < LISTENERS; i++) {
				listeners.add(swarm.listener(name + "-" + i, "us-east", ListenerSettings.defaults(), TRACK));
			}
			long started = System.nanoTime();
			var playing = Flux.fromIterable(listeners)
				.delayElements(APART)
				.flatMap((listener) -> listener.play(TrackId.of(TRACK)), LISTENERS)
				.collectList()
				.toFuture();
			await(name + ": the outage moment").atMost(OUTAGE_AT.plusSeconds(10))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> System.nanoTime() - started >= OUTAGE_AT.toNanos());
			long peerAt = listeners.stream().mapToLong((listener) -> listener.progress().bytesPeer()).sum();
			long edgeAt = listeners.stream().mapToLong((listener) -> listener.progress().bytesEdge()).sum();
			if (killTracker) {
				tracker.kill();
			}
			List<ListenerResult> results = playing.get(150, TimeUnit.SECONDS);
			int exchanges = listeners.stream().mapToInt(Listener::peerExchanges).sum();
			return new Run(results, peerAt, edgeAt, exchanges);
		}
		finally {
			tracker.stop();
		}
	}

}
