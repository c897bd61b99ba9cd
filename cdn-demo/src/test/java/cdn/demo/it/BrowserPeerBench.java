package cdn.demo.it;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import cdn.client.net.EmulatedLink;
import cdn.client.peer.LoadingSegments;
import cdn.client.peer.PeerFailure;
import cdn.client.peer.PeerHost;
import cdn.client.peer.PeerTransport;
import cdn.client.peer.SegmentCache;
import cdn.client.peer.UploadLimiter;
import cdn.client.play.SimClock;
import cdn.client.webrtc.WebRtcHosting;
import cdn.client.webrtc.WebRtcRuntime;
import cdn.demo.ServiceProcess;
import cdn.protocol.SegmentId;
import cdn.protocol.tracker.PeerEntry;
import org.openqa.selenium.WebDriver;
import reactor.util.retry.Retry;

import static cdn.demo.it.HeadlessChromium.number;
import static cdn.demo.it.HeadlessChromium.run;
import static cdn.demo.it.HeadlessChromium.stats;

/**
 * A Java listener's WebRTC with a browser and with another Java listener, side by side in
 * one run (bench/webrtc/browser.sh): a headless Chromium page on the web player holds a
 * track's a256 rendition (its upload cap lifted), a Java listener of this JVM holds the
 * same segments (no cap either); a new Java listener joins signaling and asks each of
 * them
 * <ul>
 * <li>for its first segment: the time from its join (signaling connect, ICE servers,
 * offer/answer, ICE, DTLS, SCTP) to the segment's last byte, checked;</li>
 * <li>for every segment of the track, one after another on the open connection:
 * throughput.</li>
 * </ul>
 * The real origin (ffmpeg ladder), edge, tracker, signaling and router run as processes.
 */
public final class BrowserPeerBench {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private static final Duration WAIT = Duration.ofSeconds(10);

	private BrowserPeerBench() {
	}

	public static void main(String[] args) throws Exception {
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 10;
		int passes = (args.length > 1) ? Integer.parseInt(args[1]) : 5;
		List<ServiceProcess> services = new ArrayList<>();
		WebDriver page = null;
		try (WebRtcRuntime runtime = WebRtcRuntime.start()) {
			Path storage = Files.createTempDirectory("browser-peer-bench");
			AudioTracks.ingest(storage, "bench", 60, 440);
			ServiceProcess origin = ServiceProcess.start("origin-service", "--origin.storage=" + storage,
					"--origin.demo-catalog.enabled=false");
			services.add(origin);
			ServiceProcess edge = ServiceProcess.start("edge-cache-service", "--edge.region=us-east",
					"--edge.upstream=" + origin.url());
			services.add(edge);
			ServiceProcess tracker = ServiceProcess.start("tracker-service");
			services.add(tracker);
			ServiceProcess signaling = ServiceProcess.start("signaling-service");
			services.add(signaling);
			String signalingUrl = signaling.url().replace("http://", "ws://") + "/v1/signal";
			ServiceProcess router = ServiceProcess.start("router-service", "--router.edges[0].url=" + edge.url(),
					"--router.edges[0].region=us-east", "--router.tracker=" + tracker.url(),
					"--router.signaling=" + signalingUrl);
			services.add(router);

			// the page plays the whole a256 rendition (3× speed) and holds it
			List<SegmentId> segments = mediaSegments(edge.url() + "/tracks/bench/a256/index.m3u8");
			page = HeadlessChromium.start();
			page.get(router.url() + "/listen/bench?rendition=a256");
			WebDriver playing = page;
			await(() -> "playing".equals(stats(playing).get("state")));
			run(page, "document.getElementById('audio').playbackRate = 3");
			await(() -> number(stats(playing), "segmentsPeer") + number(stats(playing), "segmentsEdge") >= segments
				.size());
			String pageId = (String) stats(page).get("peerId");
			// the channel's throughput, not the page's upload cap (4 Mbit/s by default)
			run(page, """
					const limiter = window.cdnPlayer.engine().links.limiter;
					limiter.bytesPerSecond = 1e12;
					limiter.tokens = 1e12;
					return true;""");
			// what the page holds now (its store keeps a window of what it played)
			@SuppressWarnings("unchecked")
			List<String> held = (List<String>) run(page,
					"return [...window.cdnPlayer.engine().store.segments.keys()];");
			segments.removeIf((id) -> !held.contains(id.value()));

			reactor.netty.http.client.HttpClient http = reactor.netty.http.client.HttpClient.create();
			try (WebRtcHosting hosting = new WebRtcHosting(runtime, http, signalingUrl, false)) {
				String swarm = "bench/a256";
				PeerHost holder = holder();
				long bytes = 0;
				for (SegmentId id : segments) {
					byte[] body = get(edge.url() + "/segments/" + id.value() + ".m4s");
					holder.cache().put(id, body);
					bytes += body.length;
				}
				hosting.register("bench-holder", List.of(swarm), holder);
				System.out.printf(Locale.ROOT, "track: %d a256 segments, %.1f KiB on average%n", segments.size(),
						bytes / 1024.0 / segments.size());
				System.out.println("peer      first_segment_ms p50 / p95   throughput_MBps (one connection)");
				for (String peer : List.of(pageId, "bench-holder")) {
					PeerEntry entry = new PeerEntry(peer, signalingUrl, "us-east", 1, Instant.now());
					List<Double> firsts = new ArrayList<>();
					double mbps = 0;
					for (int round = 0; round < rounds; round++) {
						String asker = "bench-asker-" + peer.substring(0, 2) + "-" + round;
						long start = System.nanoTime();
						hosting.register(asker, List.of(swarm), null);
						PeerTransport transport = hosting.transport(asker);
						fetchChecked(transport, entry, segments.get(round % segments.size()));
						firsts.add((System.nanoTime() - start) / 1e6);
						if (round == 0) {
							long began = System.nanoTime();
							long fetched = 0;
							for (int pass = 0; pass < passes; pass++) {
								for (SegmentId id : segments) {
									fetched += fetchChecked(transport, entry, id);
								}
							}
							mbps = fetched / 1e6 / ((System.nanoTime() - began) / 1e9);
						}
						hosting.unregister(asker);
					}
					firsts.sort(null);
					System.out.printf(Locale.ROOT, "%-9s %6.0f / %-6.0f              %6.1f%n",
							peer.equals(pageId) ? "chromium" : "jvm", firsts.get(firsts.size() / 2),
							firsts.get((int) Math.ceil(firsts.size() * 0.95) - 1), mbps);
				}
			}
		}
		finally {
			if (page != null) {
				page.quit();
			}
			for (ServiceProcess service : services) {
				service.stop();
			}
		}
	}

	/**
	 * Fetches {@code id} from {@code peer}, checks it and returns its length; a busy peer
	 * (its upload cap) is asked again a moment later.
	 */
	private static int fetchChecked(PeerTransport transport, PeerEntry peer, SegmentId id) {
		byte[] bytes = transport.fetch(peer, id, Duration.ofSeconds(2))
			.retryWhen(Retry.fixedDelay(100, Duration.ofMillis(20))
				.filter((error) -> error instanceof PeerFailure.Exception failure
						&& failure.failure() == PeerFailure.BUSY))
			.block(WAIT);
		if (bytes == null || !id.matches(bytes)) {
			throw new IllegalStateException("segment " + id + " from " + peer.peerId() + " does not match its id");
		}
		return bytes.length;
	}

	private static PeerHost holder() {
		SegmentCache cache = new SegmentCache(200_000_000, Duration.ofMinutes(30));
		UploadLimiter uploads = new UploadLimiter(4, new EmulatedLink(SimClock.scaled(1), 0));
		LoadingSegments loading = new LoadingSegments();
		return new PeerHost() {
			@Override
			public SegmentCache cache() {
				return cache;
			}

			@Override
			public UploadLimiter uploads() {
				return uploads;
			}

			@Override
			public LoadingSegments loading() {
				return loading;
			}

			@Override
			public void uploaded(long bytes) {
			}
		};
	}

	private static List<SegmentId> mediaSegments(String playlist) throws Exception {
		Matcher id = Pattern.compile("/segments/([0-9a-f]{64})\\.m4s")
			.matcher(new String(get(playlist), StandardCharsets.UTF_8));
		List<SegmentId> ids = new ArrayList<>();
		while (id.find()) {
			if (!ids.contains(SegmentId.of(id.group(1)))) {
				ids.add(SegmentId.of(id.group(1)));
			}
		}
		return ids;
	}

	private static byte[] get(String url) throws Exception {
		HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
				HttpResponse.BodyHandlers.ofByteArray());
		if (response.statusCode() != 200) {
			throw new IllegalStateException(url + " answered " + response.statusCode());
		}
		return response.body();
	}

	private static void await(BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("not within 90 s");
			}
			Thread.sleep(200);
		}
	}

}
