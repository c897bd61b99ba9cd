package cdn.tracker.lookup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import cdn.protocol.SegmentId;
import cdn.protocol.tracker.SegmentPeers;
import cdn.tracker.config.TrackerProperties;
import cdn.tracker.selection.PeerSelector;
import cdn.tracker.selection.RttMatrix;
import cdn.tracker.store.CandidateQuery;
import cdn.tracker.store.PeerStore;
import cdn.tracker.store.SegmentCandidates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Samples holders from the store, nearest regions first, and lets the selector pick. If
 * the store fails or misses the deadline the answer is empty, flagged degraded: clients
 * fall back to the edge, which is always correct.
 */
@Component
class PeerLookup {

	private static final Logger log = LoggerFactory.getLogger(PeerLookup.class);

	private final PeerStore store;

	private final PeerSelector selector;

	private final RttMatrix rtt;

	private final Clock clock;

	private final Duration timeout;

	private final int candidates;

	private final LookupMetrics metrics;

	PeerLookup(PeerStore store, PeerSelector selector, RttMatrix rtt, Clock clock, TrackerProperties properties,
			LookupMetrics metrics) {
		this.store = store;
		this.metrics = metrics;
		this.selector = selector;
		this.rtt = rtt;
		this.clock = clock;
		this.timeout = properties.lookup().timeout();
		this.candidates = properties.lookup().candidates();
	}

	Mono<Result> lookup(List<SegmentId> segments, String region, int count, String exclude) {
		Instant now = this.clock.instant();
		CandidateQuery query = new CandidateQuery(segments, this.rtt.nearestFirst(region),
				Math.max(this.candidates, 2 * count), exclude);
		return this.store.candidates(query, now)
			.timeout(this.timeout)
			.map((sampled) -> new Result(select(sampled, region, count, now), false))
			.onErrorResume((ex) -> {
				log.debug("Peer store failed a lookup; answering empty", ex);
				return Mono.just(new Result(
						segments.stream().map((segment) -> new SegmentPeers(segment.value(), 0, List.of())).toList(),
						true));
			});
	}

	private List<SegmentPeers> select(List<SegmentCandidates> sampled, String region, int count, Instant now) {
		List<SegmentPeers> result = new ArrayList<>(sampled.size());
		for (SegmentCandidates segment : sampled) {
			this.metrics.segment(region, segment.availability());
			result.add(new SegmentPeers(segment.segment().value(), segment.availability(),
					this.selector.select(segment.candidates(), region, count, now)));
		}
		return result;
	}

	/**
	 * @param segments peers per segment, in request order
	 * @param degraded whether the store failed and the answer is empty for that reason
	 */
	record Result(List<SegmentPeers> segments, boolean degraded) {
	}

}
