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
import java.util.regex.Pattern;

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
 * A live channel end to end, in real time, on real services run from their jars: an
 * origin encoding its test signal with ffmpeg (2 s segments, a window of 6), an edge in
 * front of it, a tracker, and 10 listeners joining together 3 segments behind the live
 * edge for 20 s each.
 */
class LiveIT {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final Pattern SEGMENT = Pattern.compile("^/segments/([0-9a-f]{64})\\.m4s$", Pattern.MULTILINE);

	static ServiceProcess origin;

	static ServiceProcess edge;

	static ServiceProcess tracker;

	static Swarm swarm;

	@BeforeAll
	static void startServices() throws Exception {
		Path storage = Files.createTempDirectory("live-it-origin");
		origin = ServiceProcess.start("origin-service", "--origin.storage=" + storage,
				"--origin.demo-catalog.enabled=false", "--origin.live.segment-duration=2s", "--origin.live.window=6",
				"--origin.live.channels[0].track-id=live-it");
		edge = ServiceProcess.start("edge-cache-service", "--edge.region=us-east", "--edge.upstream=" + origin.url());
		tracker = ServiceProcess.start("tracker-service");
		SimClock clock = SimClock.scaled(1);
		swarm = new Swarm(new Swarm.Endpoints(null, List.of(edge.url()), tracker.url()), clock,
				NetworkEmulator.none(clock), new SimpleMeterRegistry(), Swarm.PeerServing.loopback(),
				Duration.ofSeconds(5), "us-east");
		// a window of 3 segments, where the listeners start
		await().atMost(Duration.ofSeconds(30)).until(() -> SEGMENT.matcher(playlist()).results().count() >= 3);
	}

	@AfterAll
	static void stopServices() throws Exception {
		if (swarm != null) {
			swarm.close();
		}
		for (ServiceProcess service : new ServiceProcess[] { edge, origin, tracker }) {
			if (service != null) {
				service.stop();
			}
		}
	}

	@Test
	void tenListenersJoiningTogetherPlayWithoutStallsMostlyFromPeersAndTheTrackerForgetsWhatLeftTheWindow()
			throws Exception {
		// where the listeners start, whichever rendition they play: 3 or 2 segments
		// behind the live edge (one may appear while they join)
		List<String> startSegments = new ArrayList<>();
		for (String rendition : List.of("a64", "a128", "a256")) {
			List<String> window = segments(get(edge.url() + "/tracks/live-it/" + rendition + "/index.m3u8"));
			startSegments.addAll(window.subList(window.size() - 3, window.size() - 1));
		}
		int count = 10;
		ListenerSettings settings = ListenerSettings.defaults().withLive(new ListenerSettings.Live(3, 20));
		List<Listener> listeners = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			listeners.add(swarm.listener("live-" + i, "us-east", settings, "live-it"));
		}

		List<ListenerResult> results = Flux.fromIterable(listeners)
			.flatMap((listener) -> listener.play(TrackId.of("live-it")), count)
			.collectList()
			.block(Duration.ofSeconds(90));

		assertThat(results).hasSize(count).allSatisfy((result) -> {
			assertThat(result.failure()).isNull();
			assertThat(result.stallEvents()).as("stalls of %s", result.peerId()).isZero();
			assertThat(result.hashFailures()).isZero();
			// 20 s of 2 s segments (2.005 or 1.984 s each)
			assertThat(result.segments()).isBetween(10, 11);
		});
		long peer = results.stream().mapToLong(ListenerResult::bytesPeer).sum();
		long edgeBytes = results.stream().mapToLong(ListenerResult::bytesEdge).sum();
		// each listener's first segment comes from the edge, each later one is loaded
		// from
		// the edge by one listener of the ten: at most 0.9 x 0.9
		assertThat((double) peer / (peer + edgeBytes)).as("peer share of 10 live listeners")
			.isGreaterThanOrEqualTo(0.6);
		// what a listener still holds, the tracker hands out; where they started left the
		// window: dropped, withdrawn, forgotten
		String held = listeners.get(0).cache().held().get(0).value();
		assertThat(peersOf(held)).contains("live-0");
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(startSegments)
				.allSatisfy((segment) -> assertThat(peersOf(segment)).doesNotContain("live-")));
		assertThat(listeners).allSatisfy((listener) -> assertThat(listener.cache().held())
			.noneMatch((id) -> startSegments.contains(id.value())));
	}

	private static String peersOf(String segment) throws Exception {
		return get(tracker.url() + "/v1/peers?segment=" + segment + "&region=us-east&count=20");
	}

	private static List<String> segments(String playlist) {
		return SEGMENT.matcher(playlist).results().map((match) -> match.group(1)).toList();
	}

	private static String playlist() throws Exception {
		return get(edge.url() + "/tracks/live-it/a128/index.m3u8");
	}

	private static String get(String url) throws Exception {
		HttpResponse<String> response = HTTP.send(
				HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
				HttpResponse.BodyHandlers.ofString());
		return (response.statusCode() == 200) ? response.body() : "";
	}

}
