package cdn.sim.swarm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import cdn.client.listener.Listener;
import cdn.client.listener.ListenerResult;
import cdn.client.listener.ListenerSettings;
import cdn.client.net.Json;
import cdn.client.play.SimClock;
import cdn.client.trace.ClientTracing;
import cdn.kit.metrics.PromtoolClean;
import cdn.kit.netty.KeepAliveStallWorkaround;
import cdn.protocol.CatalogTrack;
import cdn.protocol.TrackId;
import cdn.protocol.peer.PeerWire;
import cdn.sim.net.NetworkEmulator;
import cdn.sim.trace.ZipkinTracing;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.SerializationFeature;

/**
 * {@code sim-client}: N simulated listeners in one JVM against a running CDN, then a
 * report.
 */
@Command(name = "sim-client", mixinStandardHelpOptions = true, sortOptions = false,
		description = "Runs simulated listeners (peer-first HLS clients) against the CDN and reports what they measured.")
public final class SwarmCommand implements Callable<Integer> {

	@Option(names = "--router", description = "router base URL (ranked edges and the tracker come from it)")
	String router;

	@Option(names = "--edge", description = "edge base URL, repeatable, in rank order (instead of --router)")
	List<String> edges = new ArrayList<>();

	@Option(names = "--tracker", description = "tracker base URL (default: from the router)")
	String tracker;

	@Option(names = "--region", split = ",", defaultValue = "us-east",
			description = "listener regions, comma-separated; listeners are spread over them (default: ${DEFAULT-VALUE})")
	List<String> regions;

	@Option(names = "--clients", defaultValue = "10", description = "listeners (default: ${DEFAULT-VALUE})")
	int clients;

	@Option(names = "--track", description = "every listener plays this track (default: Zipf choice over the catalog)")
	String track;

	@Option(names = "--live",
			description = "play a live track (--track, or the catalog's first live one) in real time, from "
					+ "--live-distance segments behind its live edge, for --live-seconds each; without it the "
					+ "catalog choice leaves live tracks out")
	boolean live;

	@Option(names = "--live-distance", defaultValue = "3",
			description = "segments behind the live edge playback starts (default: ${DEFAULT-VALUE})")
	int liveDistance;

	@Option(names = "--live-seconds", defaultValue = "60",
			description = "how long each listener plays a live track (default: ${DEFAULT-VALUE})")
	double liveSeconds;

	@Option(names = "--zipf", defaultValue = "1.0",
			description = "Zipf exponent of the catalog choice (default: ${DEFAULT-VALUE})")
	double zipf;

	@Option(names = "--duration",
			description = "stop after this long, e.g. 90s (default: when every listener finished)")
	Duration duration;

	@Option(names = "--join-interval", defaultValue = "1s",
			description = "time between joins (default: ${DEFAULT-VALUE})")
	Duration joinInterval;

	@Option(names = "--churn", defaultValue = "0",
			description = "listeners leaving (and replaced by new ones) per minute (default: ${DEFAULT-VALUE})")
	double churnPerMinute;

	@Option(names = "--download-kbps", defaultValue = "0",
			description = "emulated downlink per listener, 0 = unlimited")
	long downloadKbps;

	@Option(names = "--upload-kbps", defaultValue = "0", description = "upload cap per listener, 0 = uncapped")
	long uploadKbps;

	@Option(names = "--rtt", defaultValue = "us-east/eu-west=80ms,us-east/ap-south=220ms,eu-west/ap-south=150ms",
			description = "round trips between regions (default: ${DEFAULT-VALUE})")
	String rtt;

	@Option(names = "--same-region-rtt", defaultValue = "0ms",
			description = "round trip within a region (default: ${DEFAULT-VALUE})")
	Duration sameRegionRtt;

	@Option(names = "--p2p", defaultValue = "on",
			description = "on|off: off is the control arm (default: ${DEFAULT-VALUE})")
	String p2p;

	@Option(names = "--claims", defaultValue = "1",
			description = "segments a listener's lookup offers to load from the edge for its region; the others "
					+ "wait for that loader (0 = no claims) (default: ${DEFAULT-VALUE})")
	int claimsPerLookup;

	@Option(names = "--metered", defaultValue = "0", description = "share of listeners that never upload, 0..1")
	double meteredShare;

	@Option(names = "--speed", defaultValue = "1",
			description = "playback speed-up for quick runs (default: ${DEFAULT-VALUE})")
	double speed;

	@Option(names = "--report",
			description = "write the JSON report to this file, or into this directory as <peer id prefix>.json")
	Path report;

	@Option(names = "--metrics-port", defaultValue = "0",
			description = "serve Prometheus metrics on this port, 0 = off")
	int metricsPort;

	@Option(names = "--peer-port", defaultValue = "0", description = "port of the peer server, 0 = any")
	int peerPort;

	@Option(names = "--bind", defaultValue = "127.0.0.1",
			description = "address peers are served on (default: ${DEFAULT-VALUE})")
	String bind;

	@Option(names = "--advertise-host",
			description = "host other peers reach this process at (default: --bind, or this machine's address "
					+ "when --bind is a wildcard such as 0.0.0.0)")
	String advertiseHost;

	@Option(names = "--transport", defaultValue = "http", converter = TransportOption.class,
			description = "how listeners reach peers: http, webrtc (DataChannels through signaling: browsers and "
					+ "other Java listeners reach them there) or auto (webrtc, but the listeners of this process ask "
					+ "each other over HTTP); without WebRTC natives: http (default: ${DEFAULT-VALUE})")
	PeerTransportMode transport;

	@Option(names = "--peers-per-segment",
			description = "holders asked of the tracker per segment (default: 3 over http; 20 over webrtc/auto, as "
					+ "the web player: among many, a listener finds holders it is already connected to)")
	Integer peersPerSegment;

	@Option(names = "--signaling",
			description = "signaling's WebSocket URL for --transport webrtc|auto (default: from the router)")
	String signaling;

	@Option(names = "--relay-only",
			description = "WebRTC connections only through TURN relays (the TURN server signaling hands out)")
	boolean relayOnly;

	@Option(names = "--peer-tls", negatable = true, defaultValue = "true", fallbackValue = "true",
			description = "serve other Java peers over TLS with a key of this process pinned through the tracker; "
					+ "--no-peer-tls for plain HTTP (default: on)")
	boolean peerTls;

	@Option(names = "--forever",
			description = "keep --clients listeners playing until stopped (SIGTERM, Ctrl-C): each one that finishes "
					+ "is replaced by a new one; the report covers every finished playback")
	boolean forever;

	@Option(names = "--seed", defaultValue = "1", description = "random seed (default: ${DEFAULT-VALUE})")
	long seed;

	@Option(names = "--zipkin",
			description = "Zipkin's span API, e.g. http://localhost:9411/api/v2/spans: each sampled segment is a "
					+ "trace across peers, edges and the origin (default: no tracing)")
	String zipkin;

	@Option(names = "--trace-sampling", defaultValue = "0.01",
			description = "share of segments traced with --zipkin, 0..1 (default: ${DEFAULT-VALUE})")
	double traceSampling;

	static {
		// before the metrics or peer server starts (see KeepAliveStallWorkaround)
		KeepAliveStallWorkaround.apply();
	}

	/**
	 * This process's part of its listeners' peer ids: random, so that several processes
	 * (containers, pods) with the same --seed never share an id.
	 */
	private final String instance = "sim-" + Long.toString(new SecureRandom().nextLong() >>> 1, 36).substring(0, 8);

	/**
	 * Set by SIGTERM or Ctrl-C: the run ends, its listeners leave, the report is printed.
	 */
	private volatile boolean stopRequested;

	/** Progress updates so far (every 100 ms), for the line every 10 s off a terminal. */
	private int progressLines;

	public static void main(String[] args) {
		System.exit(commandLine().execute(args));
	}

	public static CommandLine commandLine() {
		return new CommandLine(new SwarmCommand()).registerConverter(Duration.class, new HumanDuration());
	}

	@Override
	public Integer call() throws Exception {
		String problem = validate();
		if (problem != null) {
			System.err.println("error: " + problem);
			return 2;
		}
		CountDownLatch finished = new CountDownLatch(1);
		Thread stopOnSignal = new Thread(() -> {
			this.stopRequested = true;
			try {
				// the listeners leave the tracker and the report is printed before the
				// JVM ends
				finished.await(30, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "sim-client-stop");
		Runtime.getRuntime().addShutdownHook(stopOnSignal);
		try {
			return runSwarm();
		}
		catch (IllegalStateException ex) {
			// a service the swarm needs did not answer (Swarm says which)
			System.err.println("error: " + ex.getMessage());
			return 1;
		}
		finally {
			finished.countDown();
			try {
				Runtime.getRuntime().removeShutdownHook(stopOnSignal);
			}
			catch (IllegalStateException ex) {
				// already shutting down: the hook is running
			}
		}
	}

	private int runSwarm() throws Exception {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		registry.config().meterFilter(new PromtoolClean());
		DisposableServer metrics = (this.metricsPort > 0) ? HttpServer.create()
			.port(this.metricsPort)
			.route((routes) -> routes.get("/metrics",
					(request, response) -> response.header("Content-Type", "text/plain; version=0.0.4")
						.sendString(Mono.fromSupplier(registry::scrape))))
			.bindNow() : null;
		SimClock clock = SimClock.scaled(this.speed);
		NetworkEmulator network = new NetworkEmulator(clock, NetworkEmulator.parseMatrix(this.rtt), this.sameRegionRtt,
				Duration.ofMillis(150));
		ListenerSettings settings = ListenerSettings.defaults()
			.withP2p(this.p2p.equals("on"))
			.withLinks(this.downloadKbps, this.uploadKbps)
			.withClaimsPerLookup(this.claimsPerLookup)
			.withLive(new ListenerSettings.Live(this.liveDistance, this.liveSeconds));
		Swarm.PeerServing serving = new Swarm.PeerServing(this.bind, this.peerPort,
				(this.advertiseHost != null) ? this.advertiseHost : AdvertisedHost.of(this.bind))
			.over(this.transport, this.relayOnly)
			.withTls(this.peerTls);
		try (ZipkinTracing tracing = (this.zipkin != null) ? ZipkinTracing.start(this.zipkin, this.traceSampling)
				: null;
				Swarm swarm = new Swarm(new Swarm.Endpoints(this.router, this.edges, this.tracker, this.signaling),
						clock, network, registry, serving, Duration.ofSeconds(4), this.regions.get(0),
						(tracing != null) ? tracing.client() : ClientTracing.OFF)) {
			SwarmReport report = run(swarm, settings
				.withPeersPerSegment((this.peersPerSegment != null) ? this.peersPerSegment : swarm.peersPerSegment()));
			System.out.println();
			System.out.print(report.table());
			if (this.report != null) {
				// a directory (one shared by several containers): a file per process
				Path file = Files.isDirectory(this.report) ? this.report.resolve(this.instance + ".json") : this.report;
				Files.write(file, Json.MAPPER.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(report));
				System.out.println("\n  report: " + file.toAbsolutePath());
			}
			return (report.failedPlaybacks() == 0) ? 0 : 1;
		}
		finally {
			if (metrics != null) {
				metrics.disposeNow();
			}
		}
	}

	private String validate() {
		if ((this.router == null) == this.edges.isEmpty()) {
			return "give either --router or at least one --edge";
		}
		if (this.router == null && this.tracker == null && this.p2p.equals("on")) {
			return "--tracker is needed with --edge (the router would name it)";
		}
		if (this.clients < 1 || this.clients > 10_000) {
			return "--clients must be between 1 and 10000";
		}
		if (this.track != null && !TrackId.isValid(this.track)) {
			return "--track is not a valid track id";
		}
		if (!this.p2p.equals("on") && !this.p2p.equals("off")) {
			return "--p2p must be on or off";
		}
		if (!(this.speed > 0) || !(this.zipf >= 0) || this.churnPerMinute < 0 || this.meteredShare < 0
				|| this.meteredShare > 1 || this.claimsPerLookup < 0 || this.claimsPerLookup > 4) {
			return "--speed must be positive, --zipf, --churn and --metered not negative (--metered at most 1), "
					+ "--claims between 0 and 4";
		}
		if (this.live && this.speed != 1) {
			return "--live plays in real time: leave --speed at 1";
		}
		if (this.liveDistance < 1 || this.liveDistance > 20 || !(this.liveSeconds > 0)) {
			return "--live-distance must be between 1 and 20 segments, --live-seconds positive";
		}
		if (this.peersPerSegment != null && (this.peersPerSegment < 1 || this.peersPerSegment > 50)) {
			return "--peers-per-segment must be between 1 and 50";
		}
		if (this.signaling != null && !PeerWire.behindSignaling(this.signaling)) {
			return "--signaling must be a ws(s) URL, e.g. ws://localhost:8091/v1/signal";
		}
		if (!(this.traceSampling >= 0 && this.traceSampling <= 1)) {
			return "--trace-sampling must be between 0 and 1";
		}
		if (this.zipkin != null && !this.zipkin.matches("https?://[^\\s]+")) {
			return "--zipkin must be an http(s) URL, e.g. http://localhost:9411/api/v2/spans";
		}
		try {
			NetworkEmulator.parseMatrix(this.rtt);
		}
		catch (RuntimeException ex) {
			return ex.getMessage();
		}
		return null;
	}

	/** Listeners the warm-up readies the client stack for at most. */
	private static final int MAX_WARM_UP_CONCURRENCY = 32;

	private SwarmReport run(Swarm swarm, ListenerSettings settings) throws InterruptedException {
		Random random = new Random(this.seed);
		List<String> catalog = (this.track != null) ? List.of(this.track)
				: swarm.catalog(this.regions.get(0))
					.stream()
					.filter((entry) -> entry.live() == this.live)
					.map(CatalogTrack::trackId)
					.limit(this.live ? 1 : Long.MAX_VALUE)
					.toList();
		if (catalog.isEmpty()) {
			throw new IllegalStateException(this.live
					? "the catalog lists no live track (start the origin with a "
							+ "live channel: origin.live.channels, or ./cdn up --live)"
					: "the catalog lists no track on demand");
		}
		ZipfChooser chooser = new ZipfChooser(catalog.size(), this.zipf);
		swarm.warmUp(this.regions.get(0), catalog.get(0), Math.min(this.clients, MAX_WARM_UP_CONCURRENCY));
		List<ListenerResult> results = new CopyOnWriteArrayList<>();
		Map<String, Listener> active = new ConcurrentHashMap<>();
		long started = System.nanoTime();
		long deadline = (this.duration != null) ? started + this.duration.toNanos() : Long.MAX_VALUE;
		long nextChurn = (this.churnPerMinute > 0) ? started + (long) (60e9 / this.churnPerMinute) : Long.MAX_VALUE;
		int joined = 0;
		long nextJoin = started;
		while (System.nanoTime() < deadline && !this.stopRequested) {
			long now = System.nanoTime();
			// with --join-interval 0s, everybody joins at once (a flash crowd); with
			// --forever
			// a listener that finished makes room for a new one
			int target = this.forever ? results.size() + this.clients : this.clients;
			while (joined < target && now >= nextJoin) {
				join(swarm, settings, joined++, catalog.get(chooser.next(random)), random, active, results);
				nextJoin = now + this.joinInterval.toNanos();
			}
			if (now >= nextChurn && !active.isEmpty()) {
				List<String> ids = new ArrayList<>(active.keySet());
				Listener leaving = active.remove(ids.get(random.nextInt(ids.size())));
				leaving.stop().block(Duration.ofSeconds(10));
				join(swarm, settings, joined++, catalog.get(chooser.next(random)), random, active, results);
				nextChurn = now + (long) (60e9 / this.churnPerMinute);
			}
			if (this.duration == null && !this.forever && joined >= this.clients && results.size() >= joined) {
				break;
			}
			progress(joined, results.size());
			Thread.sleep(100);
		}
		for (Listener listener : active.values()) {
			listener.stop().block(Duration.ofSeconds(10));
		}
		System.out.println();
		return SwarmReport.of(results, joined, (System.nanoTime() - started) / 1e9, swarm.transport());
	}

	private void join(Swarm swarm, ListenerSettings settings, int number, String trackId, Random random,
			Map<String, Listener> active, List<ListenerResult> results) {
		String region = this.regions.get(number % this.regions.size());
		boolean metered = random.nextDouble() < this.meteredShare;
		Listener listener = swarm.listener(this.instance + "-" + number, region, settings.withMetered(metered),
				trackId);
		active.put(listener.peerId(), listener);
		listener.play(TrackId.of(trackId)).subscribe((result) -> {
			results.add(result);
			if (this.forever) {
				// it makes room for a new listener: stop seeding, so the process stays
				// bounded
				active.remove(listener.peerId());
				listener.stop().subscribe();
			}
		});
	}

	/**
	 * The progress line: redrawn in place on a terminal, else (a log file, a pipe) one
	 * line every 10 s.
	 */
	private void progress(int joined, int finished) {
		String line = "  listeners joined " + joined + "/" + this.clients + ", finished " + finished;
		if (System.console() != null) {
			System.out.print("\r" + line + "   ");
		}
		else if (this.progressLines++ % 100 == 0) {
			System.out.println(line);
		}
	}

}
