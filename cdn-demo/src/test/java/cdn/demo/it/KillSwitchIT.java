package cdn.demo.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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
import reactor.core.publisher.Flux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The operator's kill switch on a running swarm, with real services run from their jars
 * (an origin standing in for the edge, a tracker with an operator token): once P2P is
 * switched off for the region, no listener takes another segment from a peer, and every
 * playback still ends without a failure or a stall (the edge serves the rest).
 */
class KillSwitchIT {

	static final String OPERATOR = "kill-switch-operator-token";

	static final String TRACK = "switched";

	static final int SEGMENTS = 24;

	static final int LISTENERS = 6;

	/**
	 * After the switch, at most: every listener's next lookup answers it (they run every
	 * ≤ 1 s).
	 */
	static final Duration GRACE = Duration.ofSeconds(10);

	static ServiceProcess edge;

	static ServiceProcess tracker;

	static Swarm swarm;

	@BeforeAll
	static void startServices() throws Exception {
		Path storage = Files.createTempDirectory("kill-switch-it-origin");
		FakeOriginStore.track(storage, TRACK, SEGMENTS);
		edge = ServiceProcess.start("origin-service", "--origin.storage=" + storage,
				"--origin.demo-catalog.enabled=false");
		tracker = ServiceProcess.start("tracker-service", "--tracker.admin-token=" + OPERATOR);
		SimClock clock = SimClock.scaled(4);
		swarm = new Swarm(new Swarm.Endpoints(null, List.of(edge.url()), tracker.url()), clock,
				NetworkEmulator.none(clock), new SimpleMeterRegistry(), Swarm.PeerServing.loopback(),
				Duration.ofSeconds(5), "us-east");
	}

	@AfterAll
	static void stopServices() throws Exception {
		if (swarm != null) {
			swarm.close();
		}
		for (ServiceProcess service : new ServiceProcess[] { edge, tracker }) {
			if (service != null) {
				service.stop();
			}
		}
	}

	@Test
	void theKillSwitchTurnsARunningSwarmToEdgeOnlyWithNoFailedPlayback() throws Exception {
		List<Listener> listeners = new ArrayList<>();
		for (int i = 0; i < LISTENERS; i++) {
			listeners.add(swarm.listener("k-" + i, "us-east", ListenerSettings.defaults(), TRACK));
		}
		var playing = Flux.fromIterable(listeners)
			.delayElements(Duration.ofMillis(500))
			.flatMap((listener) -> listener.play(TrackId.of(TRACK)), LISTENERS)
			.collectList()
			.toFuture();
		await("the swarm sharing").atMost(Duration.ofSeconds(30))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> peerBytes(listeners) > 0);

		assertThat(switchP2p("[{\"region\":\"us-east\",\"percent\":0}]")).isEqualTo(200);
		// every listener still playing has heard it, and what was in flight has landed
		long[] lastSeen = { -1 };
		await("every playing listener switched off, peer bytes settled").atMost(GRACE)
			.pollInterval(Duration.ofMillis(500))
			.until(() -> {
				long now = peerBytes(listeners);
				boolean settled = now == lastSeen[0];
				lastSeen[0] = now;
				return settled && listeners.stream()
					.allMatch((listener) -> listener.progress().finished() || !listener.p2pOn());
			});
		long peerBytesAfterGrace = peerBytes(listeners);
		assertThat(listeners).as("the switch came mid-stream")
			.anySatisfy((listener) -> assertThat(listener.progress().finished()).isFalse());

		List<ListenerResult> results = playing.get(120, java.util.concurrent.TimeUnit.SECONDS);
		assertThat(results).hasSize(LISTENERS).allSatisfy((result) -> {
			assertThat(result.failure()).as("failure of %s", result.peerId()).isNull();
			assertThat(result.stallEvents()).as("stalls of %s", result.peerId()).isZero();
			assertThat(result.segments()).isEqualTo(SEGMENTS);
		});
		long peerBytes = results.stream().mapToLong(ListenerResult::bytesPeer).sum();
		assertThat(peerBytes).as("bytes from peers after the switch (and its grace)").isEqualTo(peerBytesAfterGrace);
		assertThat(peerBytes).as("shared before the switch").isPositive();
	}

	private static long peerBytes(List<Listener> listeners) {
		return listeners.stream().mapToLong((listener) -> listener.progress().bytesPeer()).sum();
	}

	private static int switchP2p(String rules) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create(tracker.url() + "/v1/admin/p2p"))
				.header("Authorization", "Bearer " + OPERATOR)
				.header("Content-Type", "application/json")
				.PUT(HttpRequest.BodyPublishers.ofString(rules))
				.build(), HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

}
