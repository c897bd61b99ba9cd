package cdn.demo;

import java.util.List;
import java.util.Map;

/**
 * What the demo's headless Chromium listeners measured in their pages
 * ({@code window.cdnPlayer.stats()}), next to the JVM listeners' report.
 *
 * @param listeners browsers that joined
 * @param peerBytes segment bytes they took from peers (checked)
 * @param edgeBytes segment bytes they took from edges
 * @param peerHitRatio peer bytes / all their bytes
 * @param startupP50Ms median time to first audio (page start to playing), -1 when none
 * started
 * @param stalls stalls after startup, summed
 * @param failed pages that failed or never played
 * @param hashFailures peer segments their SHA-256 check rejected
 */
public record BrowserReport(int listeners, long peerBytes, long edgeBytes, double peerHitRatio, long startupP50Ms,
		long stalls, long failed, long hashFailures) {

	static BrowserReport of(List<Map<String, Object>> pages) {
		long peer = sum(pages, "bytesPeer");
		long edge = sum(pages, "bytesEdge");
		List<Long> startups = pages.stream()
			.map((page) -> page.get("startupMs"))
			.filter(Number.class::isInstance)
			.map((value) -> ((Number) value).longValue())
			.sorted()
			.toList();
		long failed = pages.stream()
			.filter((page) -> page.get("error") != null || !(page.get("startupMs") instanceof Number))
			.count();
		return new BrowserReport(pages.size(), peer, edge, (peer + edge > 0) ? (double) peer / (peer + edge) : 0,
				startups.isEmpty() ? -1 : startups.get((startups.size() - 1) / 2), sum(pages, "stalls"), failed,
				sum(pages, "hashFailures"));
	}

	private static long sum(List<Map<String, Object>> pages, String key) {
		return pages.stream()
			.map((page) -> page.get(key))
			.filter(Number.class::isInstance)
			.mapToLong((value) -> ((Number) value).longValue())
			.sum();
	}

}
