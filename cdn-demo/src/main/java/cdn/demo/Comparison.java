package cdn.demo;

import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * {@code ./cdn demo --compare}: the same scenario with P2P on and off, side by side, and
 * whether P2P made startup or rebuffering worse. Written as {@code compare.json}.
 *
 * @param p2pOn the arm with peers
 * @param p2pOff the control arm: every byte from edges
 */
public record Comparison(DemoReport p2pOn, DemoReport p2pOff) {

	/**
	 * Startup p50 differences up to this many milliseconds are noise on a shared machine,
	 * not a regression.
	 */
	static final long STARTUP_NOISE_MILLIS = 20;

	/** Rebuffer-ratio differences up to this are noise (0.1 percentage point). */
	static final double REBUFFER_NOISE = 0.001;

	/** One compared figure, formatted. */
	public record Row(String figure, String p2pOn, String p2pOff) {
	}

	@JsonProperty
	public boolean startupNoWorse() {
		long on = this.p2pOn.overall().startupMs().p50();
		long off = this.p2pOff.overall().startupMs().p50();
		return on <= off + Math.max(STARTUP_NOISE_MILLIS, off / 10);
	}

	@JsonProperty
	public boolean rebufferingNoWorse() {
		return this.p2pOn.overall().rebufferRatio() <= this.p2pOff.overall().rebufferRatio() + REBUFFER_NOISE;
	}

	List<Row> rows() {
		return List.of(
				row("peer hit ratio", DemoReport.pct(this.p2pOn.overall().peerHitRatio()),
						DemoReport.pct(this.p2pOff.overall().peerHitRatio())),
				row("edge hit ratio", DemoReport.pct(this.p2pOn.overall().edgeHitRatio()),
						DemoReport.pct(this.p2pOff.overall().edgeHitRatio())),
				row("origin segment MiB", mib(this.p2pOn.originSegmentBytes()), mib(this.p2pOff.originSegmentBytes())),
				row("origin bandwidth saved", DemoReport.pct(this.p2pOn.originBandwidthSaved()),
						DemoReport.pct(this.p2pOff.originBandwidthSaved())),
				row("edge MiB", mib(this.p2pOn.overall().bytes().edge()), mib(this.p2pOff.overall().bytes().edge())),
				row("startup p50 / p95 ms", startup(this.p2pOn), startup(this.p2pOff)),
				row("rebuffer ratio (stalls)", rebuffer(this.p2pOn), rebuffer(this.p2pOff)),
				row("failed playbacks", Long.toString(this.p2pOn.overall().failedPlaybacks()),
						Long.toString(this.p2pOff.overall().failedPlaybacks())),
				row("average bitrate kbit/s", String.format(Locale.ROOT, "%.0f", this.p2pOn.overall().avgBitrateKbps()),
						String.format(Locale.ROOT, "%.0f", this.p2pOff.overall().avgBitrateKbps())));
	}

	String table() {
		StringBuilder table = new StringBuilder(
				String.format(Locale.ROOT, "  %-26s %16s %16s%n", "", "P2P on", "P2P off"));
		for (Row row : rows()) {
			table.append(String.format(Locale.ROOT, "  %-26s %16s %16s%n", row.figure(), row.p2pOn(), row.p2pOff()));
		}
		table
			.append(String.format(Locale.ROOT, "%n  P2P made startup worse:     %s%n  P2P made rebuffering worse: %s%n",
					this.startupNoWorse() ? "no" : "YES", this.rebufferingNoWorse() ? "no" : "YES"));
		return table.toString();
	}

	private static Row row(String figure, String on, String off) {
		return new Row(figure, on, off);
	}

	private static String mib(long bytes) {
		return String.format(Locale.ROOT, "%.2f", bytes / 1048576.0);
	}

	private static String startup(DemoReport report) {
		return report.overall().startupMs().p50() + " / " + report.overall().startupMs().p95();
	}

	private static String rebuffer(DemoReport report) {
		return DemoReport.pct(report.overall().rebufferRatio()) + " (" + report.overall().rebufferEvents() + ")";
	}

}
