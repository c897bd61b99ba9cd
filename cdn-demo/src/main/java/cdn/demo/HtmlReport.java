package cdn.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

/**
 * {@code report.html}: one self-contained page (inline SVG, no script, no external file)
 * with the demo's phases, the swarm report, and charts of bytes by source over time, the
 * startup-time distribution and the bitrate over time, phase changes (the edge failure
 * among them) marked.
 */
final class HtmlReport {

	private static final int WIDTH = 760;

	private static final int HEIGHT = 220;

	private static final int PAD = 44;

	private HtmlReport() {
	}

	static String render(DemoReport report, List<Timeline.Sample> samples, List<Timeline.Mark> marks,
			List<Long> startupsMillis) {
		StringBuilder html = new StringBuilder();
		html.append(head("hybrid-cdn demo report"));
		html.append("<h1>hybrid-cdn demo</h1><p>")
			.append(report.overall().clients())
			.append(" listeners, track <b>")
			.append(escape(report.track()))
			.append("</b>, P2P ")
			.append(report.p2p() ? "on" : "off")
			.append(", playback ")
			.append(Scenario.trim(report.speed()))
			.append("× real time.</p>");
		html.append("<h2>Phases</h2><table><tr>");
		for (DemoReport.Column column : DemoReport.PHASE_COLUMNS) {
			html.append("<th>").append(escape(column.header())).append("</th>");
		}
		html.append("</tr>");
		for (DemoReport.PhaseReport phase : report.phases()) {
			html.append("<tr>");
			for (DemoReport.Column column : DemoReport.PHASE_COLUMNS) {
				html.append("<td>").append(escape(column.cell().apply(phase))).append("</td>");
			}
			html.append("</tr>");
		}
		html.append("</table><h2>Overall</h2><pre>")
			.append(escape(report.overall().table()))
			.append(escape(report.originLines()))
			.append(escape(report.byKind()))
			.append("</pre>");
		html.append("<h2>Bytes by source over time (MiB, cumulative)</h2>")
			.append(legend(new String[] { "#2a9d8f", "peers" }, new String[] { "#e76f51", "edges" },
					new String[] { "#264653", "origin" }))
			.append(lineChart(samples, marks,
					List.of(new Series("#2a9d8f", (sample) -> sample.peerBytes() / 1048576.0),
							new Series("#e76f51", (sample) -> sample.edgeBytes() / 1048576.0),
							new Series("#264653", (sample) -> sample.originBytes() / 1048576.0))));
		html.append("<h2>Bitrate of fetched segments (kbit/s)</h2>")
			.append(lineChart(samples, marks, List.of(new Series("#6a4c93", Timeline.Sample::bitrateKbps))));
		html.append("<h2>Startup time (ms, simulated)</h2>").append(histogram(startupsMillis));
		html.append("</body></html>\n");
		return html.toString();
	}

	/**
	 * {@code compare.html}: the two arms side by side, linking each arm's own report.
	 */
	static String comparison(Comparison comparison) {
		StringBuilder html = new StringBuilder(head("hybrid-cdn demo: P2P on vs off"));
		DemoReport on = comparison.p2pOn();
		html.append("<h1>P2P on vs off</h1><p>")
			.append(on.overall().clients())
			.append(" listeners, track <b>")
			.append(escape(on.track()))
			.append("</b>, the same scenario on a fresh cluster each, playback ")
			.append(fmt("%s", Scenario.trim(on.speed())))
			.append("× real time.</p><table><tr><th></th><th><a href=\"p2p-on/report.html\">P2P on</a></th>")
			.append("<th><a href=\"p2p-off/report.html\">P2P off</a></th></tr>");
		for (Comparison.Row row : comparison.rows()) {
			html.append("<tr><td>")
				.append(escape(row.figure()))
				.append("</td><td>")
				.append(escape(row.p2pOn()))
				.append("</td><td>")
				.append(escape(row.p2pOff()))
				.append("</td></tr>");
		}
		html.append("</table><p>P2P made startup worse: <b>")
			.append(comparison.startupNoWorse() ? "no" : "yes")
			.append("</b>. P2P made rebuffering worse: <b>")
			.append(comparison.rebufferingNoWorse() ? "no" : "yes")
			.append("</b>.</p></body></html>\n");
		return html.toString();
	}

	private static String head(String title) {
		return "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + escape(title)
				+ "</title><style>body{font-family:system-ui,sans-serif;margin:2em;max-width:960px;color:#222}"
				+ "table{border-collapse:collapse;margin:1em 0}td,th{padding:4px 10px;border-bottom:1px solid #ddd;"
				+ "text-align:right}th:first-child,td:first-child{text-align:left}h2{margin-top:1.6em}"
				+ ".legend span{margin-right:1.2em}</style></head><body>";
	}

	record Series(String color, ToDoubleFunction<Timeline.Sample> value) {
	}

	private static String lineChart(List<Timeline.Sample> samples, List<Timeline.Mark> marks, List<Series> series) {
		double maxX = Math.max(1, samples.stream().mapToDouble(Timeline.Sample::seconds).max().orElse(1));
		double maxY = 0;
		for (Series line : series) {
			maxY = Math.max(maxY, samples.stream().mapToDouble(line.value()).max().orElse(0));
		}
		maxY = (maxY > 0) ? maxY * 1.1 : 1;
		StringBuilder svg = svgStart();
		axes(svg, maxX, maxY, "s");
		for (Timeline.Mark mark : marks) {
			double x = x(mark.seconds(), maxX);
			svg.append(
					fmt("<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>",
							x, PAD / 2, x, HEIGHT - PAD))
				.append(fmt("<text x=\"%.1f\" y=\"%d\" font-size=\"10\" fill=\"#555\">%s</text>", x + 3, PAD / 2 + 10,
						escape(mark.label())));
		}
		for (Series line : series) {
			List<String> points = new ArrayList<>();
			for (Timeline.Sample sample : samples) {
				points.add(fmt("%.1f,%.1f", x(sample.seconds(), maxX), y(line.value().applyAsDouble(sample), maxY)));
			}
			svg.append("<polyline fill=\"none\" stroke-width=\"2\" stroke=\"")
				.append(line.color())
				.append("\" points=\"")
				.append(String.join(" ", points))
				.append("\"/>");
		}
		return svg.append("</svg>").toString();
	}

	private static String histogram(List<Long> values) {
		if (values.isEmpty()) {
			return "<p>no playback started</p>";
		}
		long max = values.stream().mapToLong(Long::longValue).max().orElse(1);
		int buckets = 12;
		double width = Math.max(1, (double) (max + 1) / buckets);
		int[] counts = new int[buckets];
		for (long value : values) {
			counts[Math.min(buckets - 1, (int) (value / width))]++;
		}
		int top = java.util.Arrays.stream(counts).max().orElse(1);
		StringBuilder svg = svgStart();
		axes(svg, max + 1, top * 1.1, "ms");
		double barWidth = (WIDTH - 2 * PAD) / (double) buckets;
		for (int i = 0; i < buckets; i++) {
			double top_ = y(counts[i], top * 1.1);
			svg.append(fmt("<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#457b9d\"/>",
					PAD + i * barWidth + 1, top_, barWidth - 2, HEIGHT - PAD - top_));
		}
		return svg.append("</svg>").toString();
	}

	private static StringBuilder svgStart() {
		return new StringBuilder(fmt(
				"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\">",
				WIDTH, HEIGHT, WIDTH, HEIGHT));
	}

	private static void axes(StringBuilder svg, double maxX, double maxY, String xUnit) {
		svg.append(fmt("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>", PAD, HEIGHT - PAD,
				WIDTH - PAD, HEIGHT - PAD))
			.append(fmt("<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#333\"/>", PAD, PAD / 2, PAD,
					HEIGHT - PAD));
		for (int i = 0; i <= 4; i++) {
			double xValue = maxX * i / 4;
			double yValue = maxY * i / 4;
			svg.append(fmt("<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%s</text>",
					x(xValue, maxX), HEIGHT - PAD + 14, fmt("%.0f %s", xValue, xUnit)))
				.append(fmt("<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%s</text>", PAD - 4,
						y(yValue, maxY) + 3, fmt(yValue < 10 ? "%.1f" : "%.0f", yValue)));
		}
	}

	private static String legend(String[]... entries) {
		StringBuilder legend = new StringBuilder("<p class=\"legend\">");
		for (String[] entry : entries) {
			legend.append("<span style=\"color:").append(entry[0]).append("\">■ ").append(entry[1]).append("</span>");
		}
		return legend.append("</p>").toString();
	}

	private static double x(double value, double max) {
		return PAD + value / max * (WIDTH - 2 * PAD);
	}

	private static double y(double value, double max) {
		return HEIGHT - PAD - value / max * (HEIGHT - 1.5 * PAD);
	}

	static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
	}

	private static String fmt(String format, Object... args) {
		return String.format(Locale.ROOT, format, args);
	}

}
