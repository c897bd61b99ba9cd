package cdn.demo;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import cdn.client.net.Json;
import cdn.kit.security.LocalKeys;
import cdn.kit.security.SignedUrls;
import cdn.protocol.CatalogTrack;

/**
 * Every service of the CDN as a local process on its default port (ARCHITECTURE.md):
 * origin 8081, edges 8082–8084 for us-east, eu-west, ap-south, tracker 8090, signaling
 * 8091 (with coturn on 3478 when installed), router 8080. Closing it stops every process
 * it started, in reverse order.
 */
public final class LocalCluster implements AutoCloseable {

	public static final List<String> REGIONS = List.of("us-east", "eu-west", "ap-south");

	static final int ROUTER = 8080;

	static final int ORIGIN = 8081;

	static final int FIRST_EDGE = 8082;

	static final int TRACKER = 8090;

	static final int SIGNALING = 8091;

	/**
	 * The listener tokens' keys and the signed URLs' secrets, under the root: made on the
	 * first start (owner-only), kept across runs; rotate as the service kit's README
	 * says.
	 */
	static final String KEYS = "data/keys";

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	/** Signs what the launcher itself asks of the origin and edges. */
	private SignedUrls urlSigner;

	/** The operator token's file, under the keys. */
	private Path operatorToken;

	private final Path root;

	private final Path logs;

	private final Path storage;

	private final List<ServiceProcess> started = new ArrayList<>();

	private final Map<String, ServiceProcess> edges = new LinkedHashMap<>();

	private final List<String> trackerArguments;

	private final List<String> serviceArguments;

	private boolean live;

	private Coturn coturn;

	/**
	 * @param trackerArguments extra tracker arguments (e.g. its Redis store), none for
	 * the in-memory default
	 */
	public LocalCluster(Path root, Path logs, Path storage, List<String> trackerArguments) {
		this(root, logs, storage, trackerArguments, List.of());
	}

	/**
	 * @param serviceArguments arguments of every service (e.g. where to send spans)
	 */
	public LocalCluster(Path root, Path logs, Path storage, List<String> trackerArguments,
			List<String> serviceArguments) {
		this.serviceArguments = List.copyOf(serviceArguments);
		this.root = root;
		this.logs = logs;
		this.storage = storage;
		this.trackerArguments = List.copyOf(trackerArguments);
	}

	/**
	 * Also puts the live channel {@value #LIVE_TRACK} on air (the origin's test signal,
	 * encoded in real time: about a tenth of a core).
	 */
	public LocalCluster withLive(boolean on) {
		this.live = on;
		return this;
	}

	/** The live channel of a cluster {@link #withLive with live}. */
	public static final String LIVE_TRACK = "live-radio";

	/** Segments the live window holds before listeners are let in. */
	static final int LIVE_SEGMENTS_BEFORE_LISTENERS = 3;

	/**
	 * Starts origin, edges, tracker and router; the first start also generates the demo
	 * catalog.
	 */
	public void start(Consumer<String> progress) throws IOException {
		for (int port : List.of(ROUTER, ORIGIN, FIRST_EDGE, FIRST_EDGE + 1, FIRST_EDGE + 2, TRACKER, SIGNALING)) {
			if (!isFree(port)) {
				throw new IllegalStateException(
						"port " + port + " is in use (a cluster from an earlier run? stop it first, e.g. ./cdn down)");
			}
		}
		Files.createDirectories(this.logs);
		// listener tokens: the router signs them, the tracker and signaling verify them
		// (public keys only); signed URLs: the router signs a track's URLs, the origin
		// and
		// the edges require them; the keys are made on the first start and kept
		Path keys = this.root.resolve(KEYS);
		Path urlKeys = keys.resolve(LocalKeys.URL_SIGNING_KEYS);
		this.urlSigner = new SignedUrls(LocalKeys.ensure(keys), Clock.systemUTC());
		String signedUrlsKeys = "--cdn.signed-urls.keys-file=" + urlKeys;
		String signedUrlsRequired = "--cdn.signed-urls.required=true";
		// one operator token for every admin API, made with the keys: the router sends a
		// takedown on to the origin, the edges and the tracker with it
		this.operatorToken = keys.resolve(LocalKeys.OPERATOR_TOKEN);
		String operatorToken = ".admin-token-file=" + this.operatorToken;
		progress.accept("origin :" + ORIGIN + " (first start generates the demo catalog, ~30 s; signed URLs required)");
		List<String> origin = new ArrayList<>(List.of("--origin.storage=" + this.storage, signedUrlsKeys,
				signedUrlsRequired, "--origin" + operatorToken));
		if (this.live) {
			origin.addAll(List.of("--origin.live.channels[0].track-id=" + LIVE_TRACK,
					"--origin.live.channels[0].title=Live Radio (test signal)"));
		}
		start("origin-service", ORIGIN, "origin", Duration.ofMinutes(5), origin.toArray(String[]::new));
		if (this.live) {
			progress.accept("live channel " + LIVE_TRACK + ": waiting for " + LIVE_SEGMENTS_BEFORE_LISTENERS
					+ " segments in its window (~12 s)");
			awaitLiveWindow(Duration.ofSeconds(60));
		}
		for (int i = 0; i < REGIONS.size(); i++) {
			String region = REGIONS.get(i);
			progress.accept("edge " + region + " :" + (FIRST_EDGE + i));
			this.edges.put(region,
					start("edge-cache-service", FIRST_EDGE + i, "edge-" + region, Duration.ofMinutes(2),
							"--edge.region=" + region, "--edge.upstream=" + url(ORIGIN), signedUrlsKeys,
							signedUrlsRequired, "--edge.tokens.keys-dir=" + keys, "--edge" + operatorToken));
		}
		progress.accept("tracker :" + TRACKER + " (listener tokens required, keys in " + KEYS + ")");
		List<String> tracker = new ArrayList<>(this.trackerArguments);
		tracker.add("--tracker.tokens.keys-dir=" + keys);
		tracker.add("--tracker" + operatorToken);
		// every listener of the demo calls from 127.0.0.1: no per-address limit (the
		// per-peer one stays, and no well-behaved listener reaches it)
		tracker.add("--tracker.limits.address-rate=0");
		start("tracker-service", TRACKER, "tracker", Duration.ofMinutes(2), tracker.toArray(String[]::new));
		List<String> signaling = new ArrayList<>(
				List.of("--signaling.tokens.keys-dir=" + keys, "--signaling.limits.address-rate=0"));
		if (Coturn.installed()) {
			progress.accept("coturn :" + Coturn.PORT);
			this.coturn = Coturn.start(this.logs.resolve("coturn.log"));
			signaling.add(this.coturn.signalingArgument());
		}
		else {
			progress.accept("coturn not installed (apt-get install coturn): no TURN relay, browsers connect directly");
		}
		progress.accept("signaling :" + SIGNALING);
		start("signaling-service", SIGNALING, "signaling", Duration.ofMinutes(2), signaling.toArray(String[]::new));
		progress.accept("router :" + ROUTER + " (the web player: " + url(ROUTER) + "/)");
		start("router-service", ROUTER, "router", Duration.ofMinutes(2),
				"--router.signaling=ws://localhost:" + SIGNALING + "/v1/signal", "--router.tracker=" + url(TRACKER),
				"--router.tokens.keys-dir=" + keys, signedUrlsKeys, "--router" + operatorToken,
				"--router.admin.origin-url=" + url(ORIGIN));
	}

	/**
	 * The operator token of every admin API of the cluster (the router's takedown
	 * included), for tests and tools; never printed.
	 */
	public String operatorToken() throws IOException {
		return Files.readString(this.operatorToken).strip();
	}

	private ServiceProcess start(String module, int port, String name, Duration readiness, String... arguments)
			throws IOException {
		List<String> all = new ArrayList<>(List.of(arguments));
		all.addAll(this.serviceArguments);
		ServiceProcess service = new ServiceProcess(this.root, module, port, this.logs.resolve(name + ".log"), all);
		this.started.add(service);
		service.start(readiness);
		return service;
	}

	/** Where the services (and anything started beside them) log. */
	Path logs() {
		return this.logs;
	}

	public String routerUrl() {
		return url(ROUTER);
	}

	public String originUrl() {
		return url(ORIGIN);
	}

	public String trackerUrl() {
		return url(TRACKER);
	}

	public String edgeUrl(String region) {
		return url(FIRST_EDGE + REGIONS.indexOf(region));
	}

	/**
	 * {@code base + path} signed for the track {@code path} is under (or for any
	 * segment), as the router would sign it for a listener: what tests and the launcher
	 * ask of the origin and the edges, which require signatures.
	 */
	public String signedUrl(String base, String path) {
		String trackScope = path.startsWith("/tracks/") ? path.substring(0, path.indexOf('/', "/tracks/".length()) + 1)
				: SignedUrls.trackScope("any");
		return base + this.urlSigner.signUrl(path, trackScope, Instant.now().plus(Duration.ofMinutes(10)));
	}

	/** The origin's catalog. */
	public List<CatalogTrack> catalog() throws IOException, InterruptedException {
		String body = HTTP
			.send(HttpRequest.newBuilder(URI.create(originUrl() + CatalogTrack.CATALOG_PATH))
				.timeout(Duration.ofSeconds(5))
				.build(), HttpResponse.BodyHandlers.ofString())
			.body();
		List<CatalogTrack> catalog = List.of(Json.MAPPER.readValue(body, CatalogTrack[].class));
		if (catalog.isEmpty()) {
			throw new IllegalStateException("the origin's catalog is empty");
		}
		return catalog;
	}

	private void awaitLiveWindow(Duration timeout) throws IOException {
		URI playlist = URI.create(signedUrl(originUrl(), "/tracks/" + LIVE_TRACK + "/a64/index.m3u8"));
		long deadline = System.nanoTime() + timeout.toNanos();
		try {
			while (System.nanoTime() < deadline) {
				HttpResponse<String> answer = HTTP.send(
						HttpRequest.newBuilder(playlist).timeout(Duration.ofSeconds(5)).build(),
						HttpResponse.BodyHandlers.ofString());
				if (answer.statusCode() == 200 && answer.body()
					.lines()
					.filter((line) -> line.startsWith("/segments/"))
					.count() >= LIVE_SEGMENTS_BEFORE_LISTENERS) {
					return;
				}
				Thread.sleep(500);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		throw new IllegalStateException("the live channel " + LIVE_TRACK + " did not fill its window within "
				+ timeout.toSeconds() + " s (see logs/origin.log)");
	}

	/** Stops one region's edge, as if its machine died. */
	public void killEdge(String region) throws InterruptedException {
		this.edges.get(region).stop();
	}

	/**
	 * The sum of a Prometheus counter's series whose labels contain {@code labelFilter}
	 * (e.g. {@code kind="segment"}); 0 when the service does not answer.
	 */
	public static double scrape(String baseUrl, String metric, String labelFilter) {
		try {
			String text = HTTP
				.send(HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/prometheus"))
					.timeout(Duration.ofSeconds(3))
					.build(), HttpResponse.BodyHandlers.ofString())
				.body();
			return text.lines()
				.filter((line) -> line.startsWith(metric + "{") && line.contains(labelFilter))
				.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
				.sum();
		}
		catch (IOException | RuntimeException ex) {
			return 0;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 0;
		}
	}

	@Override
	public void close() {
		for (int i = this.started.size() - 1; i >= 0; i--) {
			try {
				this.started.get(i).stop();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		if (this.coturn != null) {
			this.coturn.close();
		}
	}

	static String url(int port) {
		return "http://localhost:" + port;
	}

	static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket(port)) {
			socket.setReuseAddress(true);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
