package cdn.demo.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import cdn.client.http.HttpPeerTransport;
import cdn.client.listener.Listener;
import cdn.client.listener.ListenerSettings;
import cdn.client.peer.PeerFailure;
import cdn.client.play.SimClock;
import cdn.demo.LocalCluster;
import cdn.protocol.CatalogTrack;
import cdn.protocol.SegmentId;
import cdn.protocol.TrackId;
import cdn.protocol.tracker.PeerEntry;
import cdn.protocol.tracker.PeerLookupRequest;
import cdn.protocol.tracker.PeerLookupResponse;
import cdn.protocol.tracker.SegmentPeers;
import cdn.sim.net.NetworkEmulator;
import cdn.sim.swarm.Swarm;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Issue 16's test: a takedown during a swarm. The local cluster (origin, three edges,
 * tracker, router, every one a process from its jar, signed URLs and listener tokens on)
 * with listeners playing a track and sharing its segments; one operator call to the
 * router, and within 10 s no edge serves the track's playlist or a segment (410 or 404),
 * no lookup names a holder of its segments, and no listener's peer server serves one
 * (404).
 */
class TakedownIT {

	private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	private static final String TRACK = "doomed-track";

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final HttpPeerTransport PEERS = new HttpPeerTransport(reactor.netty.http.client.HttpClient.create());

	static LocalCluster cluster;

	static Swarm swarm;

	static List<SegmentId> segments;

	static final List<Disposable> playing = new ArrayList<>();

	@BeforeAll
	static void startClusterAndSwarm() throws Exception {
		Path storage = Files.createTempDirectory("takedown-it-origin");
		segments = FakeOriginStore.track(storage, TRACK, 40);
		FakeOriginStore.track(storage, "kept-track", 5);
		cluster = new LocalCluster(ROOT, Files.createTempDirectory("takedown-it-logs"), storage, List.of());
		cluster.start((line) -> {
		});
		SimClock clock = SimClock.scaled(2);
		swarm = new Swarm(new Swarm.Endpoints(cluster.routerUrl(), List.of(), null), clock, NetworkEmulator.none(clock),
				new SimpleMeterRegistry(), Swarm.PeerServing.loopback(), Duration.ofSeconds(5), "us-east");
	}

	@AfterAll
	static void stop() {
		playing.forEach(Disposable::dispose);
		if (swarm != null) {
			swarm.close();
		}
		if (cluster != null) {
			cluster.close();
		}
	}

	@Test
	void aTakedownDuringASwarmStopsEveryEdgeTheTrackerAndEveryListenerWithinTenSeconds() throws Exception {
		List<Listener> listeners = new ArrayList<>();
		for (int i = 0; i < 6; i++) {
			String region = LocalCluster.REGIONS.get(i % LocalCluster.REGIONS.size());
			Listener listener = swarm.listener("t-" + i, region, ListenerSettings.defaults(), TRACK);
			listeners.add(listener);
			playing.add(listener.play(TrackId.of(TRACK)).subscribe());
		}
		await().atMost(Duration.ofSeconds(60))
			.until(() -> listeners.stream().allMatch((l) -> l.bufferedSegments() >= 3));
		// holders the tracker hands out, and what each holds
		List<Held> held = await().atMost(Duration.ofSeconds(30))
			.until(TakedownIT::holders, (found) -> found.size() >= 3);

		long start = System.nanoTime();
		HttpResponse<String> report = HTTP
			.send(HttpRequest.newBuilder(URI.create(cluster.routerUrl() + "/v1/admin/takedowns/" + TRACK))
				.header("Authorization", "Bearer " + cluster.operatorToken())
				.POST(HttpRequest.BodyPublishers.noBody())
				.timeout(Duration.ofSeconds(20))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(report.statusCode()).as("the router's report: %s", report.body()).isEqualTo(200);

		Duration left = Duration.ofSeconds(10).minusNanos(System.nanoTime() - start);
		String segmentPath = "/segments/" + held.get(0).segment() + ".m4s";
		await().atMost(left).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
			for (String region : LocalCluster.REGIONS) {
				String edge = cluster.edgeUrl(region);
				assertThat(status(cluster.signedUrl(edge, CatalogTrack.masterPath(TrackId.of(TRACK)))))
					.as("master playlist at %s", region)
					.isIn(404, 410);
				assertThat(status(cluster.signedUrl(edge, segmentPath))).as("a segment at %s", region).isIn(404, 410);
			}
			assertThat(holders()).as("holders the tracker hands out").isEmpty();
			for (Held one : held) {
				assertThat(askPeer(one)).as("%s's peer server", one.peer().peerId())
					.isEqualTo(PeerFailure.SEGMENT_ABSENT);
			}
		});
		assertThat(status(cluster.routerUrl() + "/v1/route?track=" + TRACK)).isEqualTo(410);
		// another track plays on
		assertThat(status(cluster.signedUrl(cluster.edgeUrl("us-east"), "/tracks/kept-track/master.m3u8")))
			.isEqualTo(200);
	}

	/** The holders a lookup (in every region) names for the track's segments. */
	private static List<Held> holders() {
		List<Held> found = new ArrayList<>();
		Set<String> seen = new HashSet<>();
		for (String region : LocalCluster.REGIONS) {
			for (int from = 0; from < segments.size(); from += PeerLookupRequest.MAX_SEGMENTS) {
				List<String> window = segments
					.subList(from, Math.min(segments.size(), from + PeerLookupRequest.MAX_SEGMENTS))
					.stream()
					.map(SegmentId::value)
					.toList();
				PeerLookupResponse answer = swarm.tracker()
					.lookup(new PeerLookupRequest(window, region, 20, "takedown-probe-" + region))
					.block(Duration.ofSeconds(5));
				for (SegmentPeers segment : answer.segments()) {
					for (PeerEntry peer : segment.peers()) {
						if (seen.add(peer.peerId() + " " + segment.segment())) {
							found.add(new Held(peer, segment.segment()));
						}
					}
				}
			}
		}
		return found;
	}

	private static int status(String url) throws Exception {
		return HTTP
			.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
					HttpResponse.BodyHandlers.discarding())
			.statusCode();
	}

	/**
	 * What a listener's peer server answers for the segment, as any asker gets it (over
	 * TLS with the pinned key): {@code null} for the bytes, else the failure (404:
	 * {@code SEGMENT_ABSENT}).
	 */
	private static PeerFailure askPeer(Held one) {
		try {
			PEERS.fetch(one.peer(), SegmentId.of(one.segment()), Duration.ofSeconds(2)).block(Duration.ofSeconds(10));
			return null;
		}
		catch (PeerFailure.Exception ex) {
			return ex.failure();
		}
	}

	private record Held(PeerEntry peer, String segment) {
	}

}
