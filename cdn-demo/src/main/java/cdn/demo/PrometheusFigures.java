package cdn.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

import cdn.sim.swarm.SwarmReport;

/**
 * The Prometheus queries behind the demo's overall figures, printed with what Prometheus
 * answers next to what the demo measured, so a user can compare them (and paste the
 * queries into Prometheus or Grafana). The demo counts every byte of every listener;
 * Prometheus sees counters every scrape and {@code increase()} extrapolates to the
 * window's edges, so the two agree to a few per cent, not exactly.
 */
final class PrometheusFigures {

	/**
	 * A figure: its name, the query over a window {@code %1$s} (e.g. 95s), the demo's
	 * value.
	 */
	private record Figure(String name, String query, double demo, String unit) {
	}

	private PrometheusFigures() {
	}

	/**
	 * @param runSeconds wall-clock seconds since the arm's cluster started: the window of
	 * every query
	 */
	static void print(Observability prometheus, DemoReport report, long runSeconds, PrintStream out)
			throws IOException, InterruptedException {
		SwarmReport overall = report.overall();
		String window = runSeconds + "s";
		List<Figure> figures = List.of(
				new Figure("peer hit ratio",
						"sum(increase(cdn_client_segment_bytes_total{source=\"peer\"}[%1$s])) "
								+ "/ sum(increase(cdn_client_segment_bytes_total[%1$s]))",
						overall.peerHitRatio(), "%"),
				new Figure("origin bandwidth saved",
						"1 - sum(increase(cdn_origin_bytes_total{kind=\"segment\"}[%1$s])) "
								+ "/ sum(increase(cdn_client_segment_bytes_total[%1$s]))",
						report.originBandwidthSaved(), "%"),
				new Figure("stalls", "sum(increase(cdn_client_rebuffer_total[%1$s]))", overall.rebufferEvents(), ""),
				new Figure("average bitrate (kbit/s)",
						"sum(increase(cdn_client_bitrate_kbps_sum[%1$s])) / sum(increase(cdn_client_bitrate_kbps_count[%1$s]))",
						overall.avgBitrateKbps(), ""),
				new Figure("startup p95 (ms, last minute's estimate)",
						"1000 * max(cdn_client_startup_seconds{quantile=\"0.95\"})", overall.startupMs().p95(), ""));
		out.println();
		out.println("Prometheus (" + prometheus.url() + ") over the last " + window + ", next to the demo's figures:");
		for (Figure figure : figures) {
			String query = String.format(Locale.ROOT, figure.query(), window);
			OptionalDouble value = prometheus.value(query);
			out.printf(Locale.ROOT, "  %-40s demo %-10s prometheus %-10s %s%n", figure.name(),
					format(figure.demo(), figure.unit()),
					value.isPresent() ? format(value.getAsDouble(), figure.unit()) : "no data", query);
		}
		out.println("  series in Prometheus: " + prometheus.headSeries());
	}

	private static String format(double value, String unit) {
		return unit.equals("%") ? String.format(Locale.ROOT, "%.1f %%", value * 100)
				: String.format(Locale.ROOT, "%.0f", value);
	}

}
