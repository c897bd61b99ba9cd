package cdn.demo;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

import cdn.client.net.Json;
import cdn.client.trace.ClientTracing;
import cdn.sim.swarm.PeerTransportMode;
import cdn.sim.swarm.TransportOption;
import cdn.sim.trace.ZipkinTracing;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;
import tools.jackson.databind.SerializationFeature;

/**
 * {@code ./cdn demo}: starts the whole CDN as local processes, runs a swarm of listeners
 * through the seed's scenario phase by phase (cold start, swarm, edge failure, bandwidth
 * drop), prints what each phase measured, writes {@code report.json} and
 * {@code report.html}, and stops everything it started, also on Ctrl-C or when a step
 * fails. {@code --compare} runs the scenario twice, P2P on then off, each on a fresh
 * cluster (cold caches, empty tracker), and shows the difference.
 */
@Command(name = "cdn demo", mixinStandardHelpOptions = true, sortOptions = false,
		description = "Run the local cluster and a swarm of listeners through the demo scenario.")
public final class DemoCommand implements Callable<Integer> {

	static final double DEFAULT_SPEED = 2;

	public static void main(String[] args) {
		System.exit(new CommandLine(new DemoCommand()).execute(args));
	}

	@Option(names = "--clients", defaultValue = "20", description = "listeners (default: ${DEFAULT-VALUE})")
	int clients;

	@Option(names = "--p2p", defaultValue = "on", description = "on|off (default: ${DEFAULT-VALUE})")
	String p2p;

	@Option(names = "--compare",
			description = "run the scenario with P2P on, then off (the control arm), each on a fresh cluster, "
					+ "and show the difference")
	boolean compare;

	@Option(names = "--speed",
			description = "playback speed-up, so the demo fits a coffee break (default: 2; 1 = real time)")
	Double speed;

	@Option(names = "--minutes",
			description = "about how long the scenario should last; sets the speed (1×–16×) from the track's length")
	Double minutes;

	@Option(names = "--track", description = "the track of the swarm (default: the shortest in the catalog)")
	String track;

	@Option(names = "--mix", defaultValue = "0.2",
			description = "share of listeners that play another catalog track, Zipf-chosen (default: ${DEFAULT-VALUE})")
	double mix;

	@Option(names = "--live",
			description = "put the live channel " + LocalCluster.LIVE_TRACK + " on air and play the scenario on it "
					+ "in real time, 3 segments behind its live edge (other tracks of --mix stay on demand)")
	boolean live;

	@Option(names = "--browsers", defaultValue = "0",
			description = "also N headless Chromium listeners (0-8) of the swarm's track on the web player, "
					+ "P2P over WebRTC among themselves, reported on their own row (default: ${DEFAULT-VALUE}; "
					+ "needs chromium: apt-get install chromium)")
	int browsers;

	@Option(names = "--transport", defaultValue = "http", converter = TransportOption.class,
			description = "how the JVM listeners reach peers: http, webrtc (DataChannels through signaling, one "
					+ "swarm with the --browsers) or auto (webrtc, but HTTP among the JVM listeners); "
					+ "without WebRTC natives: http (default: ${DEFAULT-VALUE})")
	PeerTransportMode transport;

	@Option(names = "--redis", arity = "0..1", fallbackValue = "embedded", paramLabel = "URL",
			description = "tracker on Redis: an embedded Redis 7 (no value) or redis://host:port "
					+ "(default: the tracker's in-memory store)")
	String redis;

	@Option(names = "--observability",
			description = "also run a real Prometheus on :9090 (the machine's prometheus program) with the "
					+ "project's rules, scraping the cluster and the listeners, and Zipkin on :9411 for the "
					+ "segments' traces; print the queries behind the figures and a trace to look at")
	boolean observability;

	@Option(names = "--trace-sampling", defaultValue = "0.1",
			description = "with --observability, the share of the listeners' segments traced in Zipkin, 0..1 "
					+ "(default: ${DEFAULT-VALUE})")
	double traceSampling;

	@Option(names = "--report", defaultValue = "reports", description = "report directory (default: ${DEFAULT-VALUE})")
	Path reportDir;

	@Option(names = "--root", defaultValue = ".", description = "repository root (default: ${DEFAULT-VALUE})")
	Path root;

	@Option(names = "--storage", defaultValue = "data/origin",
			description = "origin storage (default: ${DEFAULT-VALUE})")
	Path storage;

	@Override
	public Integer call() throws Exception {
		String invalid = validate();
		if (invalid != null) {
			System.err.println("error: " + invalid);
			return 2;
		}
		Path root = this.root.toAbsolutePath().normalize();
		if (this.browsers > 0 && BrowserListeners.chromium() == null) {
			System.out.println("Chromium is not installed (apt-get install chromium): running without the "
					+ this.browsers + " browser listeners");
			this.browsers = 0;
		}
		List<Boolean> arms = this.compare ? List.of(true, false) : List.of(this.p2p.equals("on"));
		List<DemoReport> reports = new ArrayList<>();
		try (DemoRedis redis = startRedis(); Observability prometheus = startObservability(root)) {
			for (boolean p2pOn : arms) {
				Path dir = this.compare ? this.reportDir.resolve(p2pOn ? "p2p-on" : "p2p-off") : this.reportDir;
				if (this.compare) {
					System.out.println();
					System.out.println("=== P2P " + (p2pOn ? "on" : "off") + " ===");
				}
				reports.add(runArm(root, p2pOn, redis, prometheus, dir));
			}
			if (prometheus != null) {
				waitForEnter(prometheus);
			}
		}
		catch (IllegalArgumentException ex) {
			System.err.println("error: " + ex.getMessage());
			return 2;
		}
		catch (IllegalStateException ex) {
			// a service did not start, a port is taken, Redis did not start: say so, no
			// trace
			System.err.println("error: " + ex.getMessage());
			return 1;
		}
		if (this.compare) {
			Comparison comparison = new Comparison(reports.get(0), reports.get(1));
			Files.write(this.reportDir.resolve("compare.json"),
					Json.MAPPER.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(comparison));
			Files.writeString(this.reportDir.resolve("compare.html"), HtmlReport.comparison(comparison));
			System.out.println();
			System.out.println("=== P2P on vs off ===");
			System.out.println(comparison.table());
			System.out.println("  report: " + this.reportDir.resolve("compare.json").toAbsolutePath());
			System.out.println("          " + this.reportDir.resolve("compare.html").toAbsolutePath());
		}
		return reports.stream()
			.allMatch((report) -> report.overall().failedPlaybacks() == 0
					&& (report.browsers() == null || report.browsers().failed() == 0)) ? 0 : 1;
	}

	/** What is wrong with the options, or {@code null}. */
	private String validate() {
		if (this.clients < 2 || this.clients > 500) {
			return "--clients must be between 2 and 500";
		}
		if (!this.p2p.equals("on") && !this.p2p.equals("off")) {
			return "--p2p must be on or off";
		}
		if (this.compare && this.p2p.equals("off")) {
			return "--compare runs both arms; leave out --p2p";
		}
		if (this.live && (this.speed != null && this.speed != 1 || this.minutes != null || this.track != null)) {
			return "--live plays the live channel in real time: leave out --speed, --minutes and --track";
		}
		if (this.speed != null && this.minutes != null) {
			return "give --speed or --minutes, not both";
		}
		if (this.speed != null && !(this.speed >= 1 && this.speed <= 16)) {
			return "--speed must be between 1 and 16";
		}
		if (this.minutes != null && !(this.minutes > 0 && this.minutes <= 60)) {
			return "--minutes must be more than 0 and at most 60";
		}
		if (this.browsers < 0 || this.browsers > 8) {
			return "--browsers must be between 0 and 8";
		}
		if (!(this.traceSampling >= 0 && this.traceSampling <= 1)) {
			return "--trace-sampling must be between 0 and 1";
		}
		if (!(this.mix >= 0 && this.mix <= 1)) {
			return "--mix must be between 0 and 1";
		}
		if (this.redis != null && !this.redis.equals("embedded")) {
			try {
				DemoRedis.given(this.redis);
			}
			catch (IllegalArgumentException ex) {
				return ex.getMessage();
			}
		}
		return null;
	}

	private Observability startObservability(Path root) throws IOException, InterruptedException {
		if (!this.observability) {
			return null;
		}
		Observability prometheus = Observability.start(root, root.resolve("logs"), Observability.PROMETHEUS_PORT,
				Observability.listenerRegistry());
		System.out.println("Prometheus: " + prometheus.url() + " (rules: " + prometheus.url() + "/rules, targets: "
				+ prometheus.url() + "/targets; data in var/prometheus)");
		System.out.println("Zipkin:     " + prometheus.zipkin().url() + "/zipkin/ (" + this.traceSampling * 100
				+ " % of the listeners' segments traced, across peers, edges, tracker and origin)");
		return prometheus;
	}

	/** On a terminal, Prometheus stays up to be looked at until Enter. */
	private static void waitForEnter(Observability prometheus) throws IOException {
		if (System.console() != null) {
			System.out.println();
			System.out
				.println("Prometheus keeps the run's data at " + prometheus.url() + "/graph; press Enter to stop it.");
			System.console().readLine();
		}
	}

	private DemoRedis startRedis() {
		if (this.redis == null) {
			return null;
		}
		DemoRedis redis = this.redis.equals("embedded") ? DemoRedis.embedded() : DemoRedis.given(this.redis);
		System.out.println("Tracker store: " + redis.describe());
		return redis;
	}

	/**
	 * One run of the scenario on a cluster of its own; writes its reports to {@code dir}.
	 */
	private DemoReport runArm(Path root, boolean p2pOn, DemoRedis redis, Observability prometheus, Path dir)
			throws IOException, InterruptedException {
		PrometheusMeterRegistry listenerMetrics = Observability.listenerRegistry();
		if (prometheus != null) {
			prometheus.serve(listenerMetrics);
		}
		List<String> trackerArguments = (redis == null) ? List.of()
				: List.of("--tracker.store=redis", "--tracker.redis.url=" + redis.url(),
						// a prefix of its own, so an arm never sees an earlier run's
						// peers
						"--tracker.redis.key-prefix=demo-" + Long.toString(System.currentTimeMillis(), 36) + ":");
		try (ZipkinTracing tracing = (prometheus != null)
				? ZipkinTracing.start(prometheus.zipkin().spansEndpoint(), this.traceSampling) : null;
				LocalCluster cluster = new LocalCluster(root, root.resolve("logs"), root.resolve(this.storage),
						trackerArguments, (prometheus != null) ? prometheus.zipkin().serviceArguments() : List.of())
					.withLive(this.live)) {
			Thread hook = new Thread(() -> {
				cluster.close();
				if (redis != null) {
					redis.close();
				}
			}, "demo-shutdown");
			Runtime.getRuntime().addShutdownHook(hook);
			try {
				long started = System.nanoTime();
				System.out.println("Starting the local cluster (logs in " + root.resolve("logs") + "):");
				cluster.start((step) -> System.out.println("  " + step));
				Scenario.Outcome outcome = new Scenario(new Scenario.Settings(this.clients, p2pOn,
						this.live ? 1 : (this.speed != null) ? this.speed : DEFAULT_SPEED,
						(this.minutes != null) ? this.minutes : 0, this.live ? LocalCluster.LIVE_TRACK : this.track,
						this.mix, (redis == null) ? "memory" : "redis", this.browsers, this.transport), cluster,
						System.out, listenerMetrics, (tracing != null) ? tracing.client() : ClientTracing.OFF)
					.run();
				DemoReport report = outcome.report();
				Files.createDirectories(dir);
				Path json = dir.resolve("report.json");
				Files.write(json, Json.MAPPER.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(report));
				Path html = dir.resolve("report.html");
				Files.writeString(html,
						HtmlReport.render(report, outcome.samples(), outcome.marks(), outcome.startupsMillis()));
				System.out.println();
				System.out.println(report.table());
				System.out.println("  report: " + json.toAbsolutePath());
				System.out.println("          " + html.toAbsolutePath());
				if (prometheus != null) {
					// the run's last samples
					prometheus.awaitScrapedSince(Instant.now(), Duration.ofSeconds(30));
					PrometheusFigures.print(prometheus, report, (System.nanoTime() - started) / 1_000_000_000L,
							System.out);
					tracing.flush();
					TracePaths.print(prometheus.zipkin(), System.out);
				}
				return report;
			}
			finally {
				try {
					Runtime.getRuntime().removeShutdownHook(hook);
				}
				catch (IllegalStateException ex) {
					// Ctrl-C: the hook is running and stops the cluster
				}
			}
		}
		finally {
			System.out.println("Cluster stopped.");
		}
	}

}
