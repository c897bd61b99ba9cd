package cdn.tracker.store;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import cdn.protocol.Rendition;
import cdn.protocol.tracker.SwarmView;
import cdn.protocol.tracker.SwarmView.RenditionAvailability;

/** Builds a {@link SwarmView} from the counters both stores keep. */
final class SwarmViews {

	private SwarmViews() {
	}

	/**
	 * @param peersByKey live peers per {@code rendition|group key} (counted per region)
	 * @param holdersBySegment per rendition id: holders per segment
	 */
	static SwarmView of(String trackId, Map<String, Long> peersByKey, Map<String, Map<String, Long>> holdersBySegment) {
		Map<String, Long> byRegion = new TreeMap<>();
		Map<String, Long> byRendition = new TreeMap<>();
		long total = 0;
		for (Map.Entry<String, Long> entry : peersByKey.entrySet()) {
			int bar = entry.getKey().indexOf('|');
			byRendition.merge(entry.getKey().substring(0, bar), entry.getValue(), Long::sum);
			byRegion.merge(HolderGroup.regionOf(entry.getKey().substring(bar + 1)), entry.getValue(), Long::sum);
			total += entry.getValue();
		}
		List<RenditionAvailability> renditions = new ArrayList<>();
		for (Rendition rendition : Rendition.values()) {
			long peers = byRendition.getOrDefault(rendition.id(), 0L);
			Map<String, Long> holders = holdersBySegment.getOrDefault(rendition.id(), Map.of());
			if (peers == 0 && holders.isEmpty()) {
				continue;
			}
			renditions.add(availability(rendition.id(), peers, holders.values()));
		}
		return new SwarmView(trackId, total, byRegion, renditions);
	}

	static RenditionAvailability availability(String rendition, long peers, Iterable<Long> holdersPerSegment) {
		long segments = 0;
		long sum = 0;
		long min = Long.MAX_VALUE;
		long max = 0;
		for (long holders : holdersPerSegment) {
			segments++;
			sum += holders;
			min = Math.min(min, holders);
			max = Math.max(max, holders);
		}
		double mean = (segments == 0) ? 0 : Math.round(sum * 100.0 / segments) / 100.0;
		return new RenditionAvailability(rendition, peers, segments, (segments == 0) ? 0 : min, mean, max);
	}

}
