package cdn.client.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;

import cdn.client.listener.Listener;
import cdn.client.listener.ListenerResult;
import cdn.client.listener.ListenerSettings;
import cdn.client.net.Json;
import cdn.client.net.NetworkEmulator;
import cdn.client.play.SimClock;
import cdn.client.swarm.Swarm;
import cdn.client.swarm.SwarmReport;
import cdn.protocol.CatalogTrack;
import cdn.protocol.TrackId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.SerializationFeature;

/**
 * {@code ./cdn demo}: starts the whole CDN as local processes, runs a swarm of listeners
 * through the seed's scenario phase by phase (cold start, swarm, edge failure, bandwidth
 * drop), prints what each phase measured, writes {@code report.json}, and stops
 * everything it started, also on Ctrl-C or when a step fails.
 */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
		description = "Run the local cluster and a swarm of listeners through the demo scenario.")
public final class DemoCommand implements Callable<Integer> {

	@Option(names = "--clients", defaultValue = "20", description = "listeners (default: ${DEFAULT-VALUE})")
	int clients;

	@Option(names = "--p2p", defaultValue = "on", description = "on|off (default: ${DEFAULT-VALUE})")
	String p2p;

	@Option(names = "--speed", defaultValue = "2",
			description = "playback speed-up, so the demo fits a coffee break (default: ${DEFAULT-VALUE})")
	double speed;

	@Option(names = "--track", description = "the track of the swarm (default: the shortest in the catalog)")
	String track;

	@Option(names = "--report", defaultValue = "reports", description = "report directory (default: ${DEFAULT-VALUE})")
	Path reportDir;

	@Option(names = "--root", defaultValue = ".", description = "repository root (default: ${DEFAULT-VALUE})")
	Path root;

	@Option(names = "--storage", defaultValue = "data/origin",
			description = "origin storage (default: ${DEFAULT-VALUE})")
	Path storage;

	/**
	 * Share of the swarm that picks another catalog track (Zipf), not the swarm's track.
	 */
	static final double MIX_SHARE = 0.2;

	/**
	 * The downlink of listeners hit by the bandwidth drop: below a128's need, above
	 * a64's.
	 */
	static final long DROPPED_KBPS = 150;

	private final MeterRegistry registry = new SimpleMeterRegistry();

	private final List<Phase> phases = new ArrayList<>();

	private Timeline timeline;

	private List<ListenerResult> finished = List.of();

	@Override
	public Integer call() throws Exception {
		if (this.clients < 2 || this.clients > 500) {
			System.err.println("error: --clients must be between 2 and 500");
			return 2;
		}
		if (!this.p2p.equals("on") && !this.p2p.equals("off")) {
			System.err.println("error: --p2p must be on or off");
			return 2;
		}
		if (!(this.speed >= 1 && this.speed <= 16)) {
			System.err.println("error: --speed must be between 1 and 16");
			return 2;
		}
		Path root = this.root.toAbsolutePath().normalize();
		try (LocalCluster cluster = new LocalCluster(root, root.resolve("logs"), root.resolve(this.storage))) {
			Thread hook = new Thread(cluster::close, "demo-shutdown");
			Runtime.getRuntime().addShutdownHook(hook);
			System.out.println("Starting the local cluster (logs in " + root.resolve("logs") + "):");
			cluster.start((step) -> System.out.println("  " + step));
			DemoReport report = run(cluster);
			Files.createDirectories(this.reportDir);
			Path json = this.reportDir.resolve("report.json");
			Files.write(json, Json.MAPPER.writer(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(report));
			Path html = this.reportDir.resolve("report.html");
			Files.writeString(html,
					HtmlReport.render(report, this.timeline.samples(), this.timeline.marks(),
							this.finished.stream()
								.map(ListenerResult::startupMillis)
								.filter((millis) -> millis >= 0)
								.toList()));
			System.out.println();
			System.out.println(report.table());
			System.out.println("  report: " + json.toAbsolutePath());
			System.out.println("          " + html.toAbsolutePath());
			Runtime.getRuntime().removeShutdownHook(hook);
			return (report.overall().failedPlaybacks() == 0) ? 0 : 1;
		}
		finally {
			System.out.println("Cluster stopped.");
		}
	}

	private DemoReport run(LocalCluster cluster) throws InterruptedException {
		SimClock clock = SimClock.scaled(this.speed);
		NetworkEmulator network = new NetworkEmulator(clock,
				NetworkEmulator.parseMatrix("us-east/eu-west=80ms,us-east/ap-south=220ms,eu-west/ap-south=150ms"),
				Duration.ofMillis(10), Duration.ofMillis(150));
		ListenerSettings settings = ListenerSettings.defaults().withP2p(this.p2p.equals("on"));
		Random random = new Random(7);
		try (Swarm swarm = new Swarm(new Swarm.Endpoints(cluster.routerUrl(), List.of(), null), clock, network,
				this.registry, "127.0.0.1", 0, Duration.ofSeconds(5))) {
			List<CatalogTrack> catalog = swarm.catalog("us-east");
			CatalogTrack main = (this.track != null)
					? catalog.stream()
						.filter((entry) -> entry.trackId().equals(this.track))
						.findFirst()
						.orElseThrow(() -> new IllegalArgumentException("no track '" + this.track + "' in the catalog"))
					: catalog.stream()
						.min(java.util.Comparator.comparingDouble(CatalogTrack::durationSeconds))
						.orElseThrow();
			double trackWallSeconds = main.durationSeconds() / this.speed;
			System.out.printf(Locale.ROOT, "%nScenario: %d listeners, %s (%.0f s at %.0fx speed), P2P %s%n",
					this.clients, main.trackId(), main.durationSeconds(), this.speed, this.p2p);
			List<ListenerResult> results = new CopyOnWriteArrayList<>();
			List<Listener> listeners = new ArrayList<>();
			double originStart = originSegmentBytes(cluster);
			// totals at the last sample, and the last window's bitrate (kept while
			// nothing is fetched)
			double[] lastBitrate = { bitrate()[0], bitrate()[1], 0 };
			this.timeline = new Timeline(() -> {
				double[] now = bitrate();
				double count = now[1] - lastBitrate[1];
				if (count > 0) {
					lastBitrate[2] = (now[0] - lastBitrate[0]) / count;
				}
				double kbps = lastBitrate[2];
				lastBitrate[0] = now[0];
				lastBitrate[1] = now[1];
				return new Timeline.Sample(this.timeline.now(), bytes("peer"), bytes("edge"),
						originSegmentBytes(cluster) - originStart, kbps);
			});
			this.timeline.start();
			this.finished = results;

			begin("1 cold start", cluster);
			java.util.Set<Listener> mainTrack = new java.util.HashSet<>();
			Listener first = join(swarm, settings, 0, main.trackId(), results, listeners);
			mainTrack.add(first);
			waitUntil(() -> first.bufferedSegments() >= 2, Duration.ofSeconds(30));
			waitFor(share(trackWallSeconds, 0.1));

			begin("2 swarm", cluster);
			long joinGap = share(trackWallSeconds, 0.2).toMillis() / this.clients;
			for (int i = 1; i < this.clients; i++) {
				String trackId = (random.nextDouble() < MIX_SHARE)
						? catalog.get(random.nextInt(catalog.size())).trackId() : main.trackId();
				Listener listener = join(swarm, settings, i, trackId, results, listeners);
				if (trackId.equals(main.trackId())) {
					mainTrack.add(listener);
				}
				Thread.sleep(joinGap);
			}
			waitFor(share(trackWallSeconds, 0.05));

			begin("3 edge failure", cluster);
			System.out.println("    stopping the eu-west edge");
			cluster.killEdge("eu-west");
			// the router needs two failed probes (about 2 s) to drop it
			waitFor(share(trackWallSeconds, 0.15).plusSeconds(2));

			begin("4 bandwidth drop", cluster);
			// the latest joiners of the swarm's track: they still have most of it to
			// fetch
			List<Listener> onTrack = listeners.stream().filter(mainTrack::contains).toList();
			List<Listener> dropped = onTrack.subList(onTrack.size() - Math.max(1, onTrack.size() / 3), onTrack.size());
			System.out.println("    " + dropped.size() + " listeners drop to " + DROPPED_KBPS + " kbit/s");
			dropped.forEach((listener) -> listener.downlink().setKbps(DROPPED_KBPS));
			waitFor(share(trackWallSeconds, 0.2));
			dropped.forEach((listener) -> listener.downlink().setKbps(0));

			begin("5 until the end", cluster);
			// the swarm's track decides the end; listeners of longer catalog tracks leave
			// then
			long onMain = listeners.stream().filter((listener) -> mainTrack.contains(listener)).count();
			waitUntil(() -> results.stream()
				.filter((result) -> result.trackId().equals(main.trackId()))
				.count() >= onMain, Duration.ofSeconds((long) (trackWallSeconds * 2 + 60)));
			end(cluster);
			this.timeline.stop();
			double originBytes = originSegmentBytes(cluster) - originStart;
			java.util.Map<String, Long> peersByRegion = new java.util.LinkedHashMap<>();
			for (String region : LocalCluster.REGIONS) {
				peersByRegion.put(region, (long) LocalCluster.scrape(cluster.trackerUrl(), "cdn_tracker_peers",
						"region=\"" + region + "\""));
			}
			for (Listener listener : listeners) {
				listener.stop().block(Duration.ofSeconds(10));
			}
			SwarmReport overall = SwarmReport.of(results, listeners.size(),
					this.phases.stream().mapToDouble(Phase::seconds).sum());
			long clientBytes = overall.bytes().peer() + overall.bytes().edge();
			return new DemoReport(this.p2p.equals("on"), this.speed, main.trackId(), List.copyOf(this.phases), overall,
					(long) originBytes, clientBytes > 0 ? round(1 - originBytes / clientBytes) : 0, peersByRegion);
		}
	}

	private Listener join(Swarm swarm, ListenerSettings settings, int number, String trackId,
			List<ListenerResult> results, List<Listener> listeners) {
		String region = LocalCluster.REGIONS.get(number % LocalCluster.REGIONS.size());
		Listener listener = swarm.listener("demo-" + number, region, settings, trackId);
		listeners.add(listener);
		listener.play(TrackId.of(trackId)).subscribe(results::add);
		return listener;
	}

	private void begin(String name, LocalCluster cluster) {
		end(cluster);
		System.out.println("  phase " + name);
		if (this.timeline != null) {
			this.timeline.mark(name);
		}
		this.phases.add(new Phase(name, System.nanoTime(), bytes("peer"), bytes("edge"), originSegmentBytes(cluster),
				bitrate()));
	}

	private void end(LocalCluster cluster) {
		if (!this.phases.isEmpty() && this.phases.get(this.phases.size() - 1).endNanos < 0) {
			this.phases.get(this.phases.size() - 1)
				.end(System.nanoTime(), bytes("peer"), bytes("edge"), originSegmentBytes(cluster), bitrate());
		}
	}

	private double bytes(String source) {
		return this.registry.find("cdn.client.segment.bytes")
			.tag("source", source)
			.counters()
			.stream()
			.mapToDouble(Counter::count)
			.sum();
	}

	private double[] bitrate() {
		double total = 0;
		long count = 0;
		for (DistributionSummary summary : this.registry.find("cdn.client.bitrate").summaries()) {
			total += summary.totalAmount();
			count += summary.count();
		}
		return new double[] { total, count };
	}

	private static double originSegmentBytes(LocalCluster cluster) {
		return LocalCluster.scrape(cluster.originUrl(), "cdn_origin_bytes_total", "kind=\"segment\"");
	}

	private static void waitFor(Duration duration) throws InterruptedException {
		Thread.sleep(duration.toMillis());
	}

	private static void waitUntil(java.util.function.BooleanSupplier condition, Duration limit)
			throws InterruptedException {
		long deadline = System.nanoTime() + limit.toNanos();
		while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
			Thread.sleep(100);
		}
	}

	private static Duration share(double trackWallSeconds, double share) {
		return Duration.ofMillis((long) (trackWallSeconds * 1000 * share));
	}

	static double round(double value) {
		return Math.round(value * 10_000) / 10_000.0;
	}

	/** What one phase measured, from counter snapshots at its start and end. */
	public static final class Phase {

		public final String name;

		final long startNanos;

		long endNanos = -1;

		final double peerStart;

		final double edgeStart;

		final double originStart;

		final double[] bitrateStart;

		public double seconds;

		public long peerBytes;

		public long edgeBytes;

		public long originBytes;

		public double peerHitRatio;

		public double originBandwidthSaved;

		public double avgBitrateKbps;

		Phase(String name, long startNanos, double peer, double edge, double origin, double[] bitrate) {
			this.name = name;
			this.startNanos = startNanos;
			this.peerStart = peer;
			this.edgeStart = edge;
			this.originStart = origin;
			this.bitrateStart = bitrate;
		}

		void end(long nanos, double peer, double edge, double origin, double[] bitrate) {
			this.endNanos = nanos;
			this.seconds = Math.round((nanos - this.startNanos) / 1e7) / 100.0;
			this.peerBytes = (long) (peer - this.peerStart);
			this.edgeBytes = (long) (edge - this.edgeStart);
			this.originBytes = (long) (origin - this.originStart);
			long client = this.peerBytes + this.edgeBytes;
			this.peerHitRatio = (client > 0) ? round((double) this.peerBytes / client) : 0;
			this.originBandwidthSaved = (client > 0) ? round(1 - (double) this.originBytes / client) : 0;
			double count = bitrate[1] - this.bitrateStart[1];
			this.avgBitrateKbps = (count > 0) ? Math.round((bitrate[0] - this.bitrateStart[0]) / count) : 0;
		}

		public double seconds() {
			return this.seconds;
		}

	}

	/**
	 * The demo's report: phases, the swarm report over all playbacks, what the origin
	 * served.
	 */
	public record DemoReport(boolean p2p, double speed, String track, List<Phase> phases, SwarmReport overall,
			long originSegmentBytes, double originBandwidthSaved, java.util.Map<String, Long> activePeersByRegion) {

		String table() {
			StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "  %-18s %8s %9s %11s %11s %10s %9s%n",
					"phase", "seconds", "peer hit", "edge MiB", "origin MiB", "origin saved", "kbit/s"));
			for (Phase phase : this.phases) {
				table.append(String.format(Locale.ROOT, "  %-18s %8.1f %8.1f%% %11.2f %11.2f %11.1f%% %9.0f%n",
						phase.name, phase.seconds, phase.peerHitRatio * 100, phase.edgeBytes / 1048576.0,
						phase.originBytes / 1048576.0, phase.originBandwidthSaved * 100, phase.avgBitrateKbps));
			}
			table.append('\n').append(this.overall.table());
			table.append(String.format(Locale.ROOT, "  %-26s %.2f MiB%n  %-26s %.1f %%%n  %-26s %s%n",
					"origin segment bytes", this.originSegmentBytes / 1048576.0, "origin bandwidth saved",
					this.originBandwidthSaved * 100, "active peers per region", this.activePeersByRegion));
			return table.toString();
		}

	}

}
