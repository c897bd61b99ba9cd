package cdn.sim.swarm;

import java.util.List;
import java.util.Locale;

import cdn.client.listener.ListenerResult;

/**
 * The figures of a swarm run, under the names every report and dashboard uses.
 *
 * @param clients listeners that took part
 * @param durationSeconds wall-clock length of the run
 * @param bytes segment bytes by source
 * @param peerHitRatio peer bytes / all segment bytes
 * @param edgeHitRatio edge bytes the edge served from cache / edge bytes
 * @param startupMs time to first audio
 * @param rebufferRatio stall time / play time
 * @param rebufferEvents stalls after startup
 * @param failedPlaybacks playbacks that did not reach their end
 * @param avgBitrateKbps media-time-weighted selected bitrate
 * @param bitrateSwitches rendition changes
 * @param hashFailures segments rejected by the SHA-256 check
 * @param trackerRequestsPerSegment tracker requests / segments fetched
 * @param transport how the listeners reached peers ({@code http}, {@code webrtc},
 * {@code auto}; {@code http} also where WebRTC was asked for but could not run)
 */
public record SwarmReport(int clients, double durationSeconds, Bytes bytes, double peerHitRatio, double edgeHitRatio,
		Startup startupMs, double rebufferRatio, long rebufferEvents, long failedPlaybacks, double avgBitrateKbps,
		long bitrateSwitches, long hashFailures, double trackerRequestsPerSegment, String transport) {

	public record Bytes(long peer, long edge) {
	}

	public record Startup(long p50, long p95, long max) {
	}

	public static SwarmReport of(List<ListenerResult> results, int clients, double durationSeconds,
			PeerTransportMode transport) {
		long peer = 0;
		long edge = 0;
		long edgeHit = 0;
		long played = 0;
		long stalled = 0;
		long stallEvents = 0;
		long failed = 0;
		double bitrateSeconds = 0;
		double mediaSeconds = 0;
		long switches = 0;
		long hashFailures = 0;
		long trackerRequests = 0;
		long segments = 0;
		for (ListenerResult result : results) {
			peer += result.bytesPeer();
			edge += result.bytesEdge();
			edgeHit += result.bytesEdgeHit();
			played += result.playedMillis();
			stalled += result.stallMillis();
			stallEvents += result.stallEvents();
			failed += result.failed() ? 1 : 0;
			bitrateSeconds += result.bitrateSecondsKbps();
			mediaSeconds += result.mediaSeconds();
			switches += result.bitrateSwitches();
			hashFailures += result.hashFailures();
			trackerRequests += result.trackerRequests();
			segments += result.segments();
		}
		long[] startups = results.stream()
			.mapToLong(ListenerResult::startupMillis)
			.filter((millis) -> millis >= 0)
			.sorted()
			.toArray();
		return new SwarmReport(clients, round(durationSeconds), new Bytes(peer, edge), ratio(peer, peer + edge),
				ratio(edgeHit, edge),
				new Startup(percentile(startups, 0.5), percentile(startups, 0.95),
						(startups.length > 0) ? startups[startups.length - 1] : -1),
				ratio(stalled, played), stallEvents, failed,
				round(mediaSeconds > 0 ? bitrateSeconds / mediaSeconds : 0), switches, hashFailures,
				ratio(trackerRequests, segments), transport.name().toLowerCase(Locale.ROOT));
	}

	/** Nearest-rank percentile; -1 for no sample. */
	public static long percentile(long[] sorted, double quantile) {
		if (sorted.length == 0) {
			return -1;
		}
		int rank = (int) Math.ceil(quantile * sorted.length);
		return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
	}

	private static double ratio(double part, double whole) {
		return (whole > 0) ? Math.round(part / whole * 10_000) / 10_000.0 : 0;
	}

	private static double round(double value) {
		return Math.round(value * 100) / 100.0;
	}

	/** The human table printed at the end of a run. */
	public String table() {
		List<String[]> rows = List.of(new String[] { "listeners", Integer.toString(this.clients) },
				new String[] { "duration", fmt("%.1f s", this.durationSeconds) },
				new String[] { "bytes from peers", mib(this.bytes.peer()) },
				new String[] { "bytes from edges", mib(this.bytes.edge()) },
				new String[] { "peer hit ratio", pct(this.peerHitRatio) },
				new String[] { "edge hit ratio", pct(this.edgeHitRatio) },
				new String[] { "startup p50 / p95 / max",
						this.startupMs.p50() + " / " + this.startupMs.p95() + " / " + this.startupMs.max() + " ms" },
				new String[] { "rebuffer ratio", pct(this.rebufferRatio) + " (" + this.rebufferEvents + " stalls)" },
				new String[] { "failed playbacks", Long.toString(this.failedPlaybacks) },
				new String[] { "average bitrate",
						fmt("%.0f kbit/s", this.avgBitrateKbps) + " (" + this.bitrateSwitches + " switches)" },
				new String[] { "hash failures", Long.toString(this.hashFailures) },
				new String[] { "tracker requests / segment", fmt("%.2f", this.trackerRequestsPerSegment) },
				new String[] { "peers reached over", this.transport });
		int width = rows.stream().mapToInt((row) -> row[0].length()).max().orElse(10);
		StringBuilder table = new StringBuilder();
		for (String[] row : rows) {
			table.append("  ")
				.append(row[0])
				.append(" ".repeat(width - row[0].length() + 2))
				.append(row[1])
				.append('\n');
		}
		return table.toString();
	}

	private static String mib(long bytes) {
		return fmt("%.2f MiB", bytes / 1024.0 / 1024.0);
	}

	private static String pct(double ratio) {
		return fmt("%.1f %%", ratio * 100);
	}

	private static String fmt(String format, Object... args) {
		return String.format(Locale.ROOT, format, args);
	}

}
