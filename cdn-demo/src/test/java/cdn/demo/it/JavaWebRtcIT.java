package cdn.demo.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import cdn.client.listener.Listener;
import cdn.client.listener.ListenerResult;
import cdn.client.listener.ListenerSettings;
import cdn.client.play.SimClock;
import cdn.demo.ServiceProcess;
import cdn.protocol.SegmentId;
import cdn.protocol.TrackId;
import cdn.sim.net.NetworkEmulator;
import cdn.sim.swarm.PeerTransportMode;
import cdn.sim.swarm.Swarm;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebDriver;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static cdn.demo.it.HeadlessChromium.loaded;
import static cdn.demo.it.HeadlessChromium.number;
import static cdn.demo.it.HeadlessChromium.run;
import static cdn.demo.it.HeadlessChromium.stats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Java listeners on WebRTC in one swarm with browsers and with each other: real origin
 * (tracks packaged by the real ffmpeg ladder), edge, tracker, signaling, router and
 * coturn processes, headless Chromiums on the web player, and Java listeners (in this
 * JVM, and the sim-client's runnable jar as processes) over real DataChannels through
 * signaling. Every segment is checked against its id on the side that receives it:
 * WebCrypto in the page, SHA-256 in the Java listener.
 */
class JavaWebRtcIT {

	static final int TRACK_SECONDS = 40;

	/** Fast enough for a short test, slow enough that the pages keep up. */
	static final double JAVA_SPEED = 4;

	/**
	 * A Java listener whose link affords a128 but not a256 (the ABR keeps 30 % headroom):
	 * it plays mostly the pages' rendition (a slow first segment may still make it step
	 * down for a while).
	 */
	static final ListenerSettings A128_LISTENER = ListenerSettings.defaults().withLinks(360, 0);

	static final HttpClient HTTP = HttpClient.newHttpClient();

	static final List<ServiceProcess> services = new ArrayList<>();

	/** Media segments of a track's a128 rendition plus its init segment. */
	static long segments;

	static Process coturn;

	static int turnPort;

	static ServiceProcess tracker;

	static String edgeUrl;

	static ServiceProcess router;

	static Swarm swarm;

	final List<WebDriver> pages = new ArrayList<>();

	final List<Listener> listeners = new ArrayList<>();

	@BeforeAll
	static void start() throws Exception {
		Path storage = Files.createTempDirectory("java-webrtc-it-origin");
		double frequency = 300;
		for (String track : List.of("jvm-seeds", "page-seeds", "jvm-liar", "page-liar", "twenty-http", "twenty-webrtc",
				"twenty-turn")) {
			AudioTracks.ingest(storage, track, TRACK_SECONDS, frequency);
			frequency += 40;
		}
		turnPort = ServiceProcess.freePort();
		String secret = "it-" + System.nanoTime();
		coturn = new ProcessBuilder("turnserver", "-n", "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1",
				"--listening-port=" + turnPort, "--use-auth-secret", "--static-auth-secret=" + secret,
				"--realm=cdn.local", "--no-tls", "--no-dtls", "--no-cli", "--allow-loopback-peers", "--log-file=stdout",
				"--simple-log")
			.redirectErrorStream(true)
			.redirectOutput(Files.createTempFile("coturn", ".log").toFile())
			.start();
		ServiceProcess origin = started(ServiceProcess.start("origin-service", "--origin.storage=" + storage,
				"--origin.demo-catalog.enabled=false"));
		ServiceProcess edge = started(
				ServiceProcess.start("edge-cache-service", "--edge.region=us-east", "--edge.upstream=" + origin.url()));
		edgeUrl = edge.url();
		segments = get(origin.url() + "/tracks/jvm-seeds/a128/index.m3u8").split("/segments/", -1).length - 1;
		tracker = started(ServiceProcess.start("tracker-service"));
		ServiceProcess signaling = started(ServiceProcess.start("signaling-service",
				"--signaling.ice.turn-secret=" + secret, "--signaling.ice.stun-urls=stun:127.0.0.1:" + turnPort,
				"--signaling.ice.turn-urls=turn:127.0.0.1:" + turnPort + "?transport=udp"));
		router = started(ServiceProcess.start("router-service", "--router.edges[0].url=" + edge.url(),
				"--router.edges[0].region=us-east", "--router.tracker=" + tracker.url(),
				"--router.signaling=" + signaling.url().replace("http://", "ws://") + "/v1/signal"));
		SimClock clock = SimClock.scaled(JAVA_SPEED);
		swarm = new Swarm(new Swarm.Endpoints(router.url(), List.of(), null), clock, NetworkEmulator.none(clock),
				new SimpleMeterRegistry(), Swarm.PeerServing.loopback().over(PeerTransportMode.WEBRTC, false),
				Duration.ofSeconds(5), "us-east");
		assertThat(swarm.transport()).as("WebRTC runs here").isEqualTo(PeerTransportMode.WEBRTC);
	}

	private static ServiceProcess started(ServiceProcess service) {
		services.add(service);
		return service;
	}

	@AfterEach
	void closePagesAndListeners() {
		this.pages.forEach(WebDriver::quit);
		Mono.when(this.listeners.stream().map(Listener::stop).toList()).block(Duration.ofSeconds(10));
	}

	@AfterAll
	static void stop() throws Exception {
		if (swarm != null) {
			swarm.close();
		}
		for (ServiceProcess service : services) {
			service.stop();
		}
		if (coturn != null) {
			coturn.destroy();
			coturn.waitFor(5, TimeUnit.SECONDS);
		}
	}

	@Test
	void aPageTakesItsSegmentsFromAJavaListenerOverADataChannel() throws Exception {
		Listener seeder = listener("j-seeder", "jvm-seeds");
		assertThat(seeder.play(TrackId.of("jvm-seeds")).block(Duration.ofSeconds(90)).failure()).isNull();
		long held = a128Segments("jvm-seeds").stream().filter((id) -> seeder.cache().get(id) != null).count();
		assertThat(held).as("a128 segments the Java listener holds").isGreaterThanOrEqualTo(segments / 2);

		WebDriver page = listen("jvm-seeds");
		Map<String, Object> stats = playedThrough(page);

		assertThat(stats.get("error")).as("player error").isNull();
		// all it holds but the page's first two (asked before the page joined its swarm)
		assertThat(number(stats, "segmentsPeer")).as("segments from the Java listener: %s", stats)
			.isGreaterThanOrEqualTo(held - 2);
		// every one checked against its id by WebCrypto
		assertThat(number(stats, "hashFailures")).isZero();
		assertThat(number(stats, "stalls")).isZero();
	}

	@Test
	void aJavaListenerTakesItsSegmentsFromAPageOverADataChannel() {
		WebDriver seeder = listen("page-seeds");
		playedThrough(seeder);

		Listener listener = listener("j-leecher", "page-seeds");
		ListenerResult result = listener.play(TrackId.of("page-seeds")).block(Duration.ofSeconds(90));

		assertThat(result.failure()).isNull();
		assertThat(result.hashFailures()).isZero();
		assertThat((double) result.bytesPeer() / (result.bytesPeer() + result.bytesEdge()))
			.as("share from the page: %s", result)
			.isGreaterThanOrEqualTo(0.8);
		assertThat(number(stats(seeder), "bytesUploaded")).isEqualTo(result.bytesPeer());
		assertThat(listener.cache().held()).isNotEmpty()
			.allSatisfy((id) -> assertThat(id.matches(listener.cache().get(id))).isTrue());
	}

	@Test
	void aPageRejectsACorruptedSegmentFromAJavaListener() throws Exception {
		Listener liar = listener("j-liar", "jvm-liar");
		assertThat(liar.play(TrackId.of("jvm-liar")).block(Duration.ofSeconds(90)).failure()).isNull();
		for (SegmentId id : liar.cache().held()) {
			byte[] bytes = liar.cache().get(id).clone();
			bytes[bytes.length - 1] ^= 0xff;
			liar.cache().put(id, bytes);
		}

		WebDriver victim = listen("jvm-liar");
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			Map<String, Object> stats = stats(victim);
			assertThat(loaded(stats)).as("%s", stats).isEqualTo(segments);
			assertThat(number(stats, "reportsSent")).as("%s", stats).isPositive();
		});

		Map<String, Object> stats = stats(victim);
		assertThat(stats.get("error")).as("player error").isNull();
		assertThat(number(stats, "hashFailures")).isGreaterThanOrEqualTo(1);
		assertThat(number(stats, "segmentsPeer")).isZero();
		assertThat(number(stats, "stalls")).isZero();
		assertThat(get(tracker.url() + "/actuator/prometheus"))
			.containsPattern("cdn_tracker_reports_total\\{[^}]*reason=\"hash-mismatch\"");
	}

	@Test
	void aJavaListenerRejectsACorruptedSegmentFromAPage() {
		WebDriver liar = listen("page-liar");
		playedThrough(liar);
		assertThat((Long) run(liar, """
				const store = window.cdnPlayer.engine().store;
				for (const bytes of store.segments.values()) { bytes[bytes.length - 1] ^= 0xff; }
				return store.segments.size;""")).isGreaterThanOrEqualTo(6);

		Listener victim = listener("j-victim", "page-liar");
		ListenerResult result = victim.play(TrackId.of("page-liar")).block(Duration.ofSeconds(90));

		assertThat(result.failure()).isNull();
		assertThat(result.hashFailures()).isGreaterThanOrEqualTo(1);
		assertThat(result.bytesPeer()).isZero();
		await().atMost(Duration.ofSeconds(5)).until(() -> victim.reportsSent() >= 1);
		assertThat(victim.cache().held()).isNotEmpty()
			.allSatisfy((id) -> assertThat(id.matches(victim.cache().get(id))).isTrue());
	}

	@Test
	void twentyJavaListenersOverWebRtcShareAsMuchAsOverHttpAlsoWithOneRelayedThroughTurn() throws Exception {
		JsonNode http = swarmRun("twenty-http", 20, "http").join();
		JsonNode webrtc = swarmRun("twenty-webrtc", 20, "webrtc").join();

		// nineteen, and one that reaches the others only through coturn, joining among
		// them
		SimClient nineteen = swarmRun("twenty-turn", 19, "webrtc");
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.until(() -> trackerPeers() >= 5 || !nineteen.process.isAlive());
		// at speed 1: its connects through coturn (2 s budget each) come well before its
		// segments are due, on a loaded build machine too (at speed 4 it took no byte
		// from
		// peers in two full builds of about ten, though 186 KB when run alone)
		SimClient relayed = swarmRun("twenty-turn", 1, "webrtc", 1, "--relay-only");
		JsonNode relayedReport = relayed.join();
		JsonNode nineteenReport = nineteen.join();

		for (JsonNode report : List.of(http, webrtc, nineteenReport, relayedReport)) {
			assertThat(report.get("failedPlaybacks").asLong()).as("%s", report).isZero();
			assertThat(report.get("hashFailures").asLong()).as("%s", report).isZero();
		}
		// the figures, for the notes
		System.out.printf("peer share of 20 Java listeners: HTTP %.3f, WebRTC %.3f, TURN run %s + %s%n",
				http.get("peerHitRatio").asDouble(), webrtc.get("peerHitRatio").asDouble(), nineteenReport.get("bytes"),
				relayedReport.get("bytes"));
		double overHttp = http.get("peerHitRatio").asDouble();
		assertThat(overHttp).as("peer share over HTTP").isGreaterThan(0.5);
		assertThat(webrtc.get("peerHitRatio").asDouble()).as("peer share over WebRTC against %s over HTTP", overHttp)
			.isGreaterThanOrEqualTo(overHttp - 0.05);
		long peer = nineteenReport.get("bytes").get("peer").asLong() + relayedReport.get("bytes").get("peer").asLong();
		long edge = nineteenReport.get("bytes").get("edge").asLong() + relayedReport.get("bytes").get("edge").asLong();
		assertThat((double) peer / (peer + edge)).as("peer share with one relayed through TURN")
			.isGreaterThanOrEqualTo(overHttp - 0.05);
		// its connections carry no other candidates than coturn's relay
		assertThat(relayedReport.get("bytes").get("peer").asLong()).as("bytes the relayed listener took from peers")
			.isPositive();
	}

	private Listener listener(String peerId, String track) {
		Listener listener = swarm.listener(peerId, "us-east", A128_LISTENER, track);
		this.listeners.add(listener);
		return listener;
	}

	private WebDriver listen(String trackId) {
		WebDriver page = HeadlessChromium.start();
		this.pages.add(page);
		return HeadlessChromium.listen(page, router.url(), trackId, "a128");
	}

	/** Waits until the page loaded every segment; its figures then. */
	private static Map<String, Object> playedThrough(WebDriver page) {
		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			Map<String, Object> stats = stats(page);
			assertThat(loaded(stats)).as("%s", stats).isEqualTo(segments);
		});
		return stats(page);
	}

	/** The ids of a track's a128 media segments and init segment, from its playlist. */
	private static List<SegmentId> a128Segments(String track) throws Exception {
		Matcher id = Pattern.compile("/segments/([0-9a-f]{64})")
			.matcher(get(edgeUrl + "/tracks/" + track + "/a128/index.m3u8"));
		List<SegmentId> ids = new ArrayList<>();
		while (id.find()) {
			ids.add(SegmentId.of(id.group(1)));
		}
		return ids;
	}

	/** Peers the tracker knows, all swarms. */
	private static long trackerPeers() throws Exception {
		Matcher gauge = Pattern.compile("(?m)^cdn_tracker_peers\\{[^}]*\\} ([0-9.]+)")
			.matcher(get(tracker.url() + "/actuator/prometheus"));
		long peers = 0;
		while (gauge.find()) {
			peers += (long) Double.parseDouble(gauge.group(1));
		}
		return peers;
	}

	/** The sim-client's runnable jar, run as a process with a JSON report. */
	private static SimClient swarmRun(String track, int clients, String transport, String... more) throws IOException {
		return swarmRun(track, clients, transport, 4, more);
	}

	/** The same at playback speed {@code speed}. */
	private static SimClient swarmRun(String track, int clients, String transport, int speed, String... more)
			throws IOException {
		Path report = Files.createTempFile("sim-client-" + track, ".json");
		Path log = Files.createTempFile("sim-client-" + track, ".log");
		List<String> command = new ArrayList<>(
				List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-jar",
						simClientJar().toString(), "--router", router.url(), "--region", "us-east", "--track", track,
						"--clients", Integer.toString(clients), "--join-interval", "300ms", "--speed",
						Integer.toString(speed), "--transport", transport, "--report", report.toString()));
		command.addAll(List.of(more));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		return new SimClient(process, report, log);
	}

	private record SimClient(Process process, Path report, Path log) {

		JsonNode join() {
			try {
				if (!this.process.waitFor(3, TimeUnit.MINUTES)) {
					this.process.destroyForcibly();
					throw new AssertionError("sim-client did not finish in 3 minutes: " + Files.readString(this.log));
				}
				String output = Files.readString(this.log);
				assertThat(this.process.exitValue()).as(output).isZero();
				return JsonMapper.builder().build().readTree(Files.readAllBytes(this.report));
			}
			catch (IOException | InterruptedException ex) {
				throw new AssertionError(ex);
			}
		}

	}

	private static Path simClientJar() throws IOException {
		Path target = Path.of("..", "sim-client", "target").toAbsolutePath().normalize();
		try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, "sim-client-*-exec.jar")) {
			for (Path jar : jars) {
				return jar;
			}
		}
		throw new IllegalStateException("no sim-client-*-exec.jar in " + target + ": run ./mvnw verify");
	}

	private static String get(String url) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
	}

}
