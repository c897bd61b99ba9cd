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
import java.util.Map;

import cdn.demo.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WebDriver;

import static cdn.demo.it.HeadlessChromium.loaded;
import static cdn.demo.it.HeadlessChromium.number;
import static cdn.demo.it.HeadlessChromium.run;
import static cdn.demo.it.HeadlessChromium.stats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The web player's P2P between real headless Chromiums: real origin (tracks packaged by
 * the real ffmpeg ladder), edge, tracker, signaling and router processes; pages find each
 * other through the tracker, open DataChannels through signaling and check every peer's
 * segment with WebCrypto before hls.js gets it. Pages play 3× faster than real time.
 */
class BrowserP2PIT {

	static final int TRACK_SECONDS = 60;

	/** Segments of a track's a128 rendition, its init segment included. */
	static long segments;

	static final HttpClient HTTP = HttpClient.newHttpClient();

	static List<ServiceProcess> services = new ArrayList<>();

	static ServiceProcess tracker;

	static ServiceProcess router;

	final List<WebDriver> pages = new ArrayList<>();

	@BeforeAll
	static void start() throws Exception {
		Path storage = Files.createTempDirectory("browser-p2p-it-origin");
		AudioTracks.ingest(storage, "pair", TRACK_SECONDS, 440);
		AudioTracks.ingest(storage, "liar", TRACK_SECONDS, 330);
		ServiceProcess origin = started(ServiceProcess.start("origin-service", "--origin.storage=" + storage,
				"--origin.demo-catalog.enabled=false"));
		ServiceProcess edge = started(
				ServiceProcess.start("edge-cache-service", "--edge.region=us-east", "--edge.upstream=" + origin.url()));
		segments = get(origin.url() + "/tracks/pair/a128/index.m3u8").split("/segments/", -1).length - 1;
		tracker = started(ServiceProcess.start("tracker-service"));
		ServiceProcess signaling = started(ServiceProcess.start("signaling-service"));
		router = started(ServiceProcess.start("router-service", "--router.edges[0].url=" + edge.url(),
				"--router.edges[0].region=us-east", "--router.tracker=" + tracker.url(),
				"--router.signaling=" + signaling.url().replace("http://", "ws://") + "/v1/signal"));
	}

	private static ServiceProcess started(ServiceProcess service) {
		services.add(service);
		return service;
	}

	@AfterEach
	void closePages() {
		this.pages.forEach(WebDriver::quit);
	}

	@AfterAll
	static void stop() throws Exception {
		for (ServiceProcess service : services) {
			service.stop();
		}
	}

	@Test
	void theSecondPageTakesItsSegmentsFromTheFirstOverADataChannel() {
		WebDriver first = listen("pair");
		await().atMost(Duration.ofSeconds(30)).until(() -> loaded(stats(first)) >= 6);
		WebDriver second = listen("pair");

		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			Map<String, Object> stats = stats(second);
			assertThat(loaded(stats)).as("%s", stats).isEqualTo(segments);
		});

		Map<String, Object> stats = stats(second);
		assertThat(stats.get("error")).as("player error").isNull();
		assertThat(stats.get("p2p")).isEqualTo("on");
		assertThat((double) number(stats, "segmentsPeer") / segments).as("share of segments from the first page")
			.isGreaterThanOrEqualTo(0.8);
		assertThat(number(stats, "hashFailures")).isZero();
		assertThat(number(stats, "stalls")).isZero();
		assertThat(number(stats(first), "bytesUploaded")).isEqualTo(number(stats, "bytesPeer"));
	}

	@Test
	void aCorruptedSegmentFromAPeerIsRejectedReportedAndRefetchedFromTheEdge() throws Exception {
		WebDriver liar = listen("liar");
		await().atMost(Duration.ofSeconds(30)).until(() -> loaded(stats(liar)) >= 6);
		// what the first page holds (and serves) no longer matches its ids: one byte
		// flipped
		assertThat((Long) run(liar, """
				const store = window.cdnPlayer.engine().store;
				for (const bytes of store.segments.values()) { bytes[bytes.length - 1] ^= 0xff; }
				return store.segments.size;""")).isGreaterThanOrEqualTo(6);
		WebDriver victim = listen("liar");

		await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			Map<String, Object> stats = stats(victim);
			assertThat(loaded(stats)).as("%s", stats).isEqualTo(segments);
			assertThat(number(stats, "reportsSent")).as("%s", stats).isPositive();
		});

		Map<String, Object> stats = stats(victim);
		assertThat(stats.get("error")).as("player error").isNull();
		assertThat(number(stats, "hashFailures")).isEqualTo(1);
		assertThat(number(stats, "segmentsPeer")).isZero();
		assertThat(number(stats, "bytesPeer")).isZero();
		assertThat(number(stats, "segmentsEdge")).isEqualTo(segments);
		assertThat(number(stats, "stalls")).isZero();
		assertThat(((Number) stats.get("currentTime")).doubleValue()).isPositive();
		assertThat(trackerMetrics()).containsPattern("cdn_tracker_reports_total\\{[^}]*reason=\"hash-mismatch\"");
	}

	private WebDriver listen(String trackId) {
		WebDriver page = HeadlessChromium.start();
		this.pages.add(page);
		return HeadlessChromium.listen(page, router.url(), trackId, "a128");
	}

	private static String trackerMetrics() throws Exception {
		return get(tracker.url() + "/actuator/prometheus");
	}

	private static String get(String url) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
	}

}
