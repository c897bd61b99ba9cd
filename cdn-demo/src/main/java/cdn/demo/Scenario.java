package cdn.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import cdn.client.listener.Listener;
import cdn.client.listener.ListenerResult;
import cdn.client.listener.ListenerSettings;
import cdn.client.listener.Progress;
import cdn.client.play.RenditionSwitch;
import cdn.client.play.SimClock;
import cdn.client.trace.ClientTracing;
import cdn.protocol.CatalogTrack;
import cdn.protocol.SegmentName;
import cdn.protocol.TrackId;
import cdn.sim.net.NetworkEmulator;
import cdn.sim.swarm.PeerTransportMode;
import cdn.sim.swarm.Swarm;
import cdn.sim.swarm.SwarmReport;
import cdn.sim.swarm.ZipfChooser;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * One run of the seed's scenario against a running cluster (one arm of
 * {@code --compare}): cold start, swarm, edge failure, bandwidth drop, until the end.
 * Each phase is measured from snapshots of every listener's running figures at its start
 * and end.
 */
final class Scenario {

	/**
	 * @param clients listeners
	 * @param p2p peers on or off
	 * @param speed playback speed-up
	 * @param minutes when positive, the scenario's wall-clock length instead of
	 * {@code speed}
	 * @param track the swarm's track, or {@code null} for the catalog's shortest
	 * @param mix share of listeners that pick another catalog track (Zipf)
	 * @param tracker the tracker's store, for the report
	 * @param browsers headless Chromium listeners of the swarm's track, next to the JVM
	 * ones (0 without Chromium)
	 * @param transport how the JVM listeners reach peers
	 */
	record Settings(int clients, boolean p2p, double speed, double minutes, String track, double mix, String tracker,
			int browsers, PeerTransportMode transport) {
	}

	/**
	 * The scenario lasts about 1.35 × the track's wall-clock length (the last joiner
	 * starts after 30 % of it), plus startups.
	 */
	static final double LENGTH_IN_TRACKS = 1.35;

	/**
	 * The speed that makes the scenario last about {@code minutes}, within 1× (never
	 * slower than real time) and 16×.
	 */
	static double speedFor(double trackSeconds, double minutes) {
		double speed = LENGTH_IN_TRACKS * trackSeconds / (minutes * 60);
		return Math.round(Math.max(1, Math.min(16, speed)) * 100) / 100.0;
	}

	/** The report and what the HTML's charts need. */
	record Outcome(DemoReport report, List<Timeline.Sample> samples, List<Timeline.Mark> marks,
			List<Long> startupsMillis) {
	}

	/**
	 * The downlink of listeners hit by the bandwidth drop: below a128's need, above
	 * a64's.
	 */
	static final long DROPPED_KBPS = 150;

	private final Settings settings;

	private final LocalCluster cluster;

	private final PrintStream out;

	/** The listeners' metrics (served to Prometheus with --observability). */
	private final MeterRegistry registry;

	private final List<Listener> listeners = new CopyOnWriteArrayList<>();

	/** Each listener's track duration in seconds, for the progress bar. */
	private final Map<Listener, Double> durations = new ConcurrentHashMap<>();

	private final List<ListenerResult> results = new CopyOnWriteArrayList<>();

	private final List<DemoReport.PhaseReport> phases = new ArrayList<>();

	private final EdgeObjects edgeObjects = new EdgeObjects();

	private final double originAtStart;

	private String phaseName;

	private Snapshot phaseStart;

	private Timeline timeline;

	private volatile boolean progressShown;

	private int progressLines;

	/** The previous chart sample, for the bitrate fetched since. */
	private Snapshot lastSample;

	private double lastKbps;

	/** The listeners' segment traces (to Zipkin with --observability). */
	private final ClientTracing tracing;

	Scenario(Settings settings, LocalCluster cluster, PrintStream out, MeterRegistry registry) {
		this(settings, cluster, out, registry, ClientTracing.OFF);
	}

	Scenario(Settings settings, LocalCluster cluster, PrintStream out, MeterRegistry registry, ClientTracing tracing) {
		this.tracing = tracing;
		this.registry = registry;
		this.settings = settings;
		this.cluster = cluster;
		this.out = out;
		this.originAtStart = originSegmentBytes();
	}

	Outcome run() throws IOException, InterruptedException {
		List<CatalogTrack> catalog = this.cluster.catalog();
		CatalogTrack main = (this.settings.track() != null)
				? catalog.stream()
					.filter((entry) -> entry.trackId().equals(this.settings.track()))
					.findFirst()
					.orElseThrow(() -> new IllegalArgumentException(
							"no track '" + this.settings.track() + "' in the catalog"))
				: catalog.stream()
					.filter((entry) -> !entry.live())
					.min(Comparator.comparingDouble(CatalogTrack::durationSeconds))
					.orElseThrow();
		List<CatalogTrack> others = catalog.stream().filter((entry) -> entry != main && !entry.live()).toList();
		ListenerSettings listenerSettings = ListenerSettings.defaults().withP2p(this.settings.p2p());
		ListenerSettings.Live live = listenerSettings.live();
		// a live track is played for a while: that is its length for the scenario
		double mainSeconds = main.live() ? live.playSeconds() : main.durationSeconds();
		ZipfChooser zipf = others.isEmpty() ? null : new ZipfChooser(others.size(), 1.0);
		double speed = (this.settings.minutes() > 0) ? speedFor(mainSeconds, this.settings.minutes())
				: this.settings.speed();
		SimClock clock = SimClock.scaled(speed);
		NetworkEmulator network = new NetworkEmulator(clock,
				NetworkEmulator.parseMatrix("us-east/eu-west=80ms,us-east/ap-south=220ms,eu-west/ap-south=150ms"),
				Duration.ofMillis(10), Duration.ofMillis(150));
		Random random = new Random(7);
		try (Swarm swarm = new Swarm(new Swarm.Endpoints(this.cluster.routerUrl(), List.of(), null), clock, network,
				this.registry, Swarm.PeerServing.loopback().over(this.settings.transport(), false),
				Duration.ofSeconds(5), LocalCluster.REGIONS.get(0), this.tracing);
				BrowserListeners browsers = (this.settings.browsers() > 0)
						? BrowserListeners.using(BrowserListeners.chromium(), this.cluster.logs()) : null) {
			swarm.observeEdges(this.edgeObjects);
			// over WebRTC, more holders per segment: some are already connected
			listenerSettings = listenerSettings.withPeersPerSegment(swarm.peersPerSegment());
			double trackWallSeconds = mainSeconds / speed;
			this.out.printf(Locale.ROOT,
					"%nScenario: %d listeners, %s (%.0f s%s at %sx speed), P2P %s over %s, tracker %s%n",
					this.settings.clients(), main.trackId(), mainSeconds,
					main.live() ? " each, live, " + live.edgeDistanceSegments() + " segments behind its edge" : "",
					trim(speed), this.settings.p2p() ? "on" : "off", swarm.transport().name().toLowerCase(Locale.ROOT),
					this.settings.tracker());
			this.timeline = new Timeline(this::sample, this::showProgress);
			this.timeline.start();

			begin("1 cold start");
			Set<Listener> mainTrack = Collections.newSetFromMap(new IdentityHashMap<>());
			Listener first = join(swarm, listenerSettings, 0, main);
			mainTrack.add(first);
			waitUntil(() -> first.bufferedSegments() >= 2 || first.progress().finished(), Duration.ofSeconds(30));
			waitFor(share(trackWallSeconds, 0.1));

			begin("2 swarm");
			long joinGap = share(trackWallSeconds, 0.2).toMillis() / this.settings.clients();
			// the browsers join the swarm's track among the JVM listeners, evenly spread
			String page = this.cluster.routerUrl() + "/listen/" + main.trackId() + "?rate=" + trim(speed)
					+ (this.settings.p2p() ? "" : "&p2p=off");
			for (int i = 1; i < this.settings.clients(); i++) {
				CatalogTrack track = (zipf != null && random.nextDouble() < this.settings.mix())
						? others.get(zipf.next(random)) : main;
				Listener listener = join(swarm, listenerSettings, i, track);
				if (track == main) {
					mainTrack.add(listener);
				}
				while (browsers != null && browsers.count() < this.settings.browsers() && (long) browsers.count()
						* (this.settings.clients() - 1) < (long) i * this.settings.browsers()) {
					say("browser " + (browsers.count() + 1) + " of " + this.settings.browsers() + " opens " + page);
					browsers.join(page);
				}
				Thread.sleep(joinGap);
			}
			waitFor(share(trackWallSeconds, 0.05));

			begin("3 edge failure");
			say("stopping the eu-west edge");
			this.cluster.killEdge("eu-west");
			// the router needs two failed probes (about 2 s) to drop it
			waitFor(share(trackWallSeconds, 0.1).plusSeconds(2));

			begin("4 bandwidth drop");
			// the latest joiners of the swarm's track: they still have most of it to
			// fetch
			List<Listener> onTrack = this.listeners.stream().filter(mainTrack::contains).toList();
			List<Listener> dropped = onTrack.subList(onTrack.size() - Math.max(1, onTrack.size() / 3), onTrack.size());
			say(dropped.size() + " listeners drop to " + DROPPED_KBPS + " kbit/s");
			long dropStart = System.nanoTime();
			dropped.forEach((listener) -> swarm.downlink(listener).setKbps(DROPPED_KBPS));
			waitFor(share(trackWallSeconds, 0.15));
			dropped.forEach((listener) -> swarm.downlink(listener).setKbps(0));
			long dropEnd = System.nanoTime();

			begin("5 until the end");
			// the swarm's track decides the end; listeners of longer tracks leave then
			waitUntil(() -> mainTrack.stream().allMatch((listener) -> listener.progress().finished()),
					Duration.ofSeconds((long) (trackWallSeconds * 2 + 60)));
			if (browsers != null && !main.live()) {
				browsers.awaitEnded(Duration.ofSeconds(60));
			}
			end();
			this.timeline.stop();
			if (this.progressShown) {
				this.out.println();
			}
			double originBytes = originSegmentBytes() - this.originAtStart;
			Map<String, Long> peersByRegion = activePeersByRegion();
			for (Listener listener : this.listeners) {
				listener.stop().block(Duration.ofSeconds(10));
			}
			SwarmReport overall = SwarmReport.of(this.results, this.listeners.size(),
					this.phases.stream().mapToDouble(DemoReport.PhaseReport::seconds).sum(), swarm.transport());
			long clientBytes = overall.bytes().peer() + overall.bytes().edge();
			long onceEach = this.edgeObjects.bytesOncePerEdge();
			DemoReport report = new DemoReport(this.settings.p2p(), speed, main.trackId(), this.settings.tracker(),
					List.copyOf(this.phases), overall, (long) originBytes,
					(clientBytes > 0) ? round(1 - originBytes / clientBytes) : 0,
					(onceEach > 0) ? round(originBytes / onceEach) : 0, bandwidthDrop(dropped, dropStart, dropEnd),
					peersByRegion, (browsers != null) ? BrowserReport.of(browsers.stats()) : null);
			return new Outcome(report, this.timeline.samples(), this.timeline.marks(),
					this.results.stream().map(ListenerResult::startupMillis).filter((millis) -> millis >= 0).toList());
		}
	}

	private Listener join(Swarm swarm, ListenerSettings listenerSettings, int number, CatalogTrack track) {
		String region = LocalCluster.REGIONS.get(number % LocalCluster.REGIONS.size());
		Listener listener = swarm.listener("demo-" + number, region, listenerSettings, track.trackId());
		this.durations.put(listener, track.live() ? listenerSettings.live().playSeconds() : track.durationSeconds());
		this.listeners.add(listener);
		listener.play(TrackId.of(track.trackId())).subscribe(this.results::add);
		return listener;
	}

	/**
	 * For each dropped listener: did ABR step down while the bandwidth was low, and up
	 * again after it came back?
	 */
	static DemoReport.BandwidthDrop bandwidthDrop(List<Listener> dropped, long startNanos, long endNanos) {
		int down = 0;
		int upAgain = 0;
		for (Listener listener : dropped) {
			RenditionSwitch firstDown = listener.renditionSwitches()
				.stream()
				.filter((change) -> change.down() && change.wallNanos() >= startNanos && change.wallNanos() <= endNanos)
				.findFirst()
				.orElse(null);
			if (firstDown != null) {
				down++;
				if (listener.renditionSwitches()
					.stream()
					.anyMatch((change) -> !change.down() && change.wallNanos() > firstDown.wallNanos())) {
					upAgain++;
				}
			}
		}
		return new DemoReport.BandwidthDrop(dropped.size(), DROPPED_KBPS, down, upAgain);
	}

	private void begin(String name) {
		end();
		say("phase " + name);
		this.timeline.mark(name);
		this.phaseName = name;
		this.phaseStart = snapshot();
	}

	private void end() {
		if (this.phaseStart == null) {
			return;
		}
		Snapshot start = this.phaseStart;
		Snapshot end = snapshot();
		this.phaseStart = null;
		long peer = end.peer - start.peer;
		long edge = end.edge - start.edge;
		long origin = (long) (end.origin - start.origin);
		long played = end.played - start.played;
		long[] startups = this.listeners.stream()
			.filter((listener) -> !start.started.contains(listener) && end.started.contains(listener))
			.mapToLong((listener) -> listener.progress().startupMillis())
			.sorted()
			.toArray();
		double bitrateCount = end.bitrateCount - start.bitrateCount;
		this.phases.add(new DemoReport.PhaseReport(this.phaseName, round2((end.nanos - start.nanos) / 1e9), peer, edge,
				origin, ratio(peer, peer + edge), ratio(end.edgeHit - start.edgeHit, edge),
				(peer + edge > 0) ? round(1 - (double) origin / (peer + edge)) : 0,
				new SwarmReport.Startup(SwarmReport.percentile(startups, 0.5), SwarmReport.percentile(startups, 0.95),
						(startups.length > 0) ? startups[startups.length - 1] : -1),
				ratio(end.stall - start.stall, played), end.failed - start.failed,
				(bitrateCount > 0) ? Math.round((end.bitrateTotal - start.bitrateTotal) / bitrateCount) : 0,
				activePeersByRegion()));
	}

	/** Everything a phase or a chart needs, summed over the listeners at one moment. */
	private record Snapshot(long nanos, long peer, long edge, long edgeHit, long played, long stall, long failed,
			double origin, double bitrateTotal, long bitrateCount, Set<Listener> started) {
	}

	private Snapshot snapshot() {
		long peer = 0;
		long edge = 0;
		long edgeHit = 0;
		long played = 0;
		long stall = 0;
		long failed = 0;
		Set<Listener> started = Collections.newSetFromMap(new IdentityHashMap<>());
		for (Listener listener : this.listeners) {
			Progress progress = listener.progress();
			peer += progress.bytesPeer();
			edge += progress.bytesEdge();
			edgeHit += progress.bytesEdgeHit();
			played += progress.playedMillis();
			stall += progress.stallMillis();
			failed += progress.failed() ? 1 : 0;
			if (progress.startupMillis() >= 0) {
				started.add(listener);
			}
		}
		double bitrateTotal = 0;
		long bitrateCount = 0;
		for (DistributionSummary summary : this.registry.find("cdn.client.bitrate").summaries()) {
			bitrateTotal += summary.totalAmount();
			bitrateCount += summary.count();
		}
		return new Snapshot(System.nanoTime(), peer, edge, edgeHit, played, stall, failed, originSegmentBytes(),
				bitrateTotal, bitrateCount, started);
	}

	/** Totals since the start, and the bitrate fetched since the previous sample. */
	private Timeline.Sample sample() {
		Snapshot now = snapshot();
		if (this.lastSample != null && now.bitrateCount > this.lastSample.bitrateCount) {
			this.lastKbps = (now.bitrateTotal - this.lastSample.bitrateTotal)
					/ (now.bitrateCount - this.lastSample.bitrateCount);
		}
		this.lastSample = now;
		return new Timeline.Sample(this.timeline.now(), now.peer, now.edge, now.origin - this.originAtStart,
				this.lastKbps);
	}

	/**
	 * The live line: progress of the playbacks and the running shares of client bytes
	 * from peers and edges, and the part of them the origin served.
	 */
	private void showProgress(Timeline.Sample sample) {
		double done = 0;
		for (Listener listener : this.listeners) {
			double seconds = this.durations.getOrDefault(listener, 1.0);
			done += Math.min(1, listener.progress().playedMillis() / 1000.0 / seconds);
		}
		double fraction = Math.min(1, done / this.settings.clients());
		double client = sample.peerBytes() + sample.edgeBytes();
		int bar = (int) Math.round(fraction * 24);
		String line = String.format(Locale.ROOT, "  [%s%s] %3.0f%%  %-16s peer %5.1f%%  edge %5.1f%%  origin %5.1f%%",
				"#".repeat(bar), "-".repeat(24 - bar), fraction * 100, this.phaseName,
				(client > 0) ? sample.peerBytes() / client * 100 : 0,
				(client > 0) ? sample.edgeBytes() / client * 100 : 0,
				(client > 0) ? Math.min(100, sample.originBytes() / client * 100) : 0);
		if (System.console() != null) {
			this.out.print("\r" + line);
			this.progressShown = true;
		}
		else if (this.progressLines++ % 10 == 0) {
			this.out.println(line);
		}
	}

	private void say(String line) {
		if (this.progressShown) {
			this.out.println();
			this.progressShown = false;
		}
		this.out.println("  " + line);
	}

	private Map<String, Long> activePeersByRegion() {
		Map<String, Long> peers = new LinkedHashMap<>();
		for (String region : LocalCluster.REGIONS) {
			peers.put(region, (long) LocalCluster.scrape(this.cluster.trackerUrl(), "cdn_tracker_peers",
					"region=\"" + region + "\""));
		}
		return peers;
	}

	private double originSegmentBytes() {
		return LocalCluster.scrape(this.cluster.originUrl(), "cdn_origin_bytes_total", "kind=\"segment\"");
	}

	private static void waitFor(Duration duration) throws InterruptedException {
		Thread.sleep(duration.toMillis());
	}

	private static void waitUntil(BooleanSupplier condition, Duration limit) throws InterruptedException {
		long deadline = System.nanoTime() + limit.toNanos();
		while (!condition.getAsBoolean() && System.nanoTime() < deadline) {
			Thread.sleep(100);
		}
	}

	private static Duration share(double trackWallSeconds, double share) {
		return Duration.ofMillis((long) (trackWallSeconds * 1000 * share));
	}

	private static double ratio(double part, double whole) {
		return (whole > 0) ? round(part / whole) : 0;
	}

	static double round(double value) {
		return Math.round(value * 10_000) / 10_000.0;
	}

	private static double round2(double value) {
		return Math.round(value * 100) / 100.0;
	}

	static String trim(double value) {
		return (value == Math.rint(value)) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.2f", value);
	}

	/**
	 * Which edge was asked for which segment, and each segment's size: the bytes the
	 * origin would serve if it served each segment exactly once per edge that asked.
	 */
	static final class EdgeObjects implements Swarm.EdgeObserver {

		private final Set<String> asked = ConcurrentHashMap.newKeySet();

		private final Map<String, Integer> sizes = new ConcurrentHashMap<>();

		@Override
		public void requested(String edge, String path) {
			if (path.startsWith(SegmentName.PATH_PREFIX)) {
				this.asked.add(edge + " " + path);
			}
		}

		@Override
		public void received(String path, int length) {
			if (path.startsWith(SegmentName.PATH_PREFIX)) {
				this.sizes.put(path, length);
			}
		}

		long bytesOncePerEdge() {
			long total = 0;
			for (String pair : this.asked) {
				total += this.sizes.getOrDefault(pair.substring(pair.indexOf(' ') + 1), 0);
			}
			return total;
		}

	}

}
