package cdn.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import cdn.sim.swarm.SwarmReport;

/**
 * What one run of the demo scenario measured: each phase, the swarm report over all
 * playbacks, and what the origin served. Written as {@code report.json}.
 *
 * @param p2p whether listeners fetched from and uploaded to peers
 * @param speed playback speed-up
 * @param track the swarm's track
 * @param tracker the tracker's store: {@code memory} or {@code redis}
 * @param phases phase by phase
 * @param overall the sim-client report over every playback
 * @param originSegmentBytes segment bytes the origin served during the run
 * @param originBandwidthSaved 1 − origin bytes / client bytes
 * @param originServedPerEdgeObject origin segment bytes / bytes of every distinct (edge,
 * segment) pair the listeners asked for: at most 1 when the origin served each segment at
 * most once per edge that asked for it
 * @param bandwidthDrop what ABR did for the listeners whose bandwidth dropped
 * @param activePeersByRegion the tracker's active peers at the end
 * @param browsers what the headless Chromium listeners measured, null without any
 */
public record DemoReport(boolean p2p, double speed, String track, String tracker, List<PhaseReport> phases,
		SwarmReport overall, long originSegmentBytes, double originBandwidthSaved, double originServedPerEdgeObject,
		BandwidthDrop bandwidthDrop, Map<String, Long> activePeersByRegion, BrowserReport browsers) {

	/**
	 * One phase of the scenario, from snapshots at its start and end.
	 *
	 * @param startupMs startup of the playbacks that started in this phase
	 * @param rebufferRatio stall time / play time of all playbacks during this phase
	 * @param failedPlaybacks playbacks that failed during this phase
	 * @param avgBitrateKbps bitrate of the segments fetched during this phase
	 * @param activePeersByRegion the tracker's active peers at the phase's end
	 */
	public record PhaseReport(String name, double seconds, long peerBytes, long edgeBytes, long originBytes,
			double peerHitRatio, double edgeHitRatio, double originBandwidthSaved, SwarmReport.Startup startupMs,
			double rebufferRatio, long failedPlaybacks, double avgBitrateKbps, Map<String, Long> activePeersByRegion) {
	}

	/**
	 * The bandwidth-drop phase's listeners and their ABR.
	 *
	 * @param listeners listeners whose downlink dropped
	 * @param kbps their downlink during the drop
	 * @param steppedDown of them, how many switched to a lower rendition during the drop
	 * @param steppedUpAgain of those, how many switched up again afterwards
	 */
	public record BandwidthDrop(int listeners, long kbps, int steppedDown, int steppedUpAgain) {
	}

	/** A column of the phase table, the same in the terminal and in the HTML. */
	record Column(String header, Function<PhaseReport, String> cell) {
	}

	static final List<Column> PHASE_COLUMNS = List.of(new Column("phase", PhaseReport::name),
			new Column("seconds", (phase) -> fmt("%.1f", phase.seconds())),
			new Column("peer hit", (phase) -> pct(phase.peerHitRatio())),
			new Column("edge hit", (phase) -> pct(phase.edgeHitRatio())),
			new Column("origin saved", (phase) -> pct(phase.originBandwidthSaved())),
			new Column("origin MiB", (phase) -> fmt("%.2f", phase.originBytes() / 1048576.0)),
			new Column("startup p50/p95 ms",
					(phase) -> (phase.startupMs().p50() < 0) ? "-"
							: phase.startupMs().p50() + " / " + phase.startupMs().p95()),
			new Column("rebuffer", (phase) -> pct(phase.rebufferRatio())),
			new Column("failed", (phase) -> Long.toString(phase.failedPlaybacks())),
			new Column("kbit/s", (phase) -> fmt("%.0f", phase.avgBitrateKbps())),
			new Column("peers us/eu/ap", (phase) -> peers(phase.activePeersByRegion())));

	/** The terminal's summary: the phase table, the overall report, the origin. */
	String table() {
		List<String[]> rows = new ArrayList<>();
		rows.add(PHASE_COLUMNS.stream().map(Column::header).toArray(String[]::new));
		for (PhaseReport phase : this.phases) {
			rows.add(PHASE_COLUMNS.stream().map((column) -> column.cell().apply(phase)).toArray(String[]::new));
		}
		int[] widths = new int[PHASE_COLUMNS.size()];
		for (String[] row : rows) {
			for (int i = 0; i < row.length; i++) {
				widths[i] = Math.max(widths[i], row[i].length());
			}
		}
		StringBuilder table = new StringBuilder();
		for (String[] row : rows) {
			table.append(' ');
			for (int i = 0; i < row.length; i++) {
				String cell = row[i];
				String padding = " ".repeat(widths[i] - cell.length());
				table.append(' ').append((i == 0) ? cell + padding : padding + cell).append(' ');
			}
			table.append('\n');
		}
		table.append('\n').append(this.overall.table()).append(originLines()).append(byKind());
		return table.toString();
	}

	/**
	 * JVM and browser listeners side by side, one row each; empty without browsers. (The
	 * phases and overall figures above are the JVM listeners'.)
	 */
	String byKind() {
		if (this.browsers == null) {
			return "";
		}
		String format = "  %-22s %9s %9s %12s %7s %7s%n";
		return fmt("%n" + format, "by kind", "listeners", "peer hit", "startup p50", "stalls", "failed")
				+ fmt(format, "JVM (sim-client)", this.overall.clients(), pct(this.overall.peerHitRatio()),
						this.overall.startupMs().p50() + " ms", this.overall.rebufferEvents(),
						this.overall.failedPlaybacks())
				+ fmt(format, "browser (Chromium)", this.browsers.listeners(), pct(this.browsers.peerHitRatio()),
						(this.browsers.startupP50Ms() < 0) ? "-" : this.browsers.startupP50Ms() + " ms",
						this.browsers.stalls(), this.browsers.failed());
	}

	/** The origin's and the bandwidth drop's lines under the overall report. */
	String originLines() {
		return fmt("  %-26s %.2f MiB (%.2f× the distinct segments each edge asked for)%n", "origin segment bytes",
				this.originSegmentBytes / 1048576.0, this.originServedPerEdgeObject)
				+ fmt("  %-26s %s%n", "origin bandwidth saved", pct(this.originBandwidthSaved))
				+ fmt("  %-26s %d of %d listeners at %d kbit/s stepped down, %d of them up again%n", "bandwidth drop",
						this.bandwidthDrop.steppedDown(), this.bandwidthDrop.listeners(), this.bandwidthDrop.kbps(),
						this.bandwidthDrop.steppedUpAgain())
				+ fmt("  %-26s %s (tracker: %s)%n", "active peers per region", this.activePeersByRegion, this.tracker);
	}

	static String peers(Map<String, Long> byRegion) {
		return String.join("/", byRegion.values().stream().map(String::valueOf).toList());
	}

	static String pct(double ratio) {
		return fmt("%.1f %%", ratio * 100);
	}

	static String fmt(String format, Object... args) {
		return String.format(Locale.ROOT, format, args);
	}

}
