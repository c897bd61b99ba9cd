package cdn.tracker.lookup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import cdn.protocol.SegmentId;
import cdn.protocol.tracker.PeerEntry;
import cdn.protocol.tracker.SegmentPeers;
import cdn.tracker.config.TrackerProperties;
import cdn.tracker.selection.PeerSelector;
import cdn.tracker.selection.RttMatrix;
import cdn.tracker.store.CandidateQuery;
import cdn.tracker.store.ClaimQuery;
import cdn.tracker.store.HolderGroup;
import cdn.tracker.store.Loading;
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

	private final Duration claimTtl;

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
		this.claimTtl = properties.lookup().claimTtl();
	}

	/**
	 * A lookup that also names loaders and grants claims (see
	 * {@link cdn.protocol.tracker.PeerLookupRequest}).
	 * @param requester the requester's peer id
	 * @param offered the segments it offers to load, preferred first
	 * @param maxClaims grants at most
	 */
	Mono<Result> lookupAndClaim(List<SegmentId> segments, HolderGroup.Viewer viewer, int count, String requester,
			List<SegmentId> offered, int maxClaims) {
		Instant now = this.clock.instant();
		String region = viewer.region();
		// before its first announce the requester claims in its tenant's open group
		String group = new HolderGroup(viewer.tenant(), region, null).key();
		// a store that fails the claims costs them only: holders are still answered
		Mono<Optional<List<Loading>>> claims = this.store
			.claims(new ClaimQuery(segments, group, requester, offered, maxClaims, this.claimTtl), now)
			.timeout(this.timeout)
			.map(Optional::of)
			.onErrorResume((ex) -> {
				log.debug("Peer store failed the claims of a lookup; answering without them", ex);
				return Mono.just(Optional.empty());
			});
		return lookup(segments, viewer, count, requester).zipWith(claims, (result, loading) -> {
			List<SegmentPeers> merged = new ArrayList<>(segments.size());
			for (int i = 0; i < segments.size(); i++) {
				int at = i;
				SegmentPeers holders = result.segments().get(at);
				Loading claim = loading.map((all) -> all.get(at)).orElse(Loading.NONE);
				this.metrics.claim(claim);
				List<PeerEntry> loaders = (claim.loader() == null
						|| holders.peers().stream().anyMatch((peer) -> peer.peerId().equals(claim.loader().peerId())))
								? List.of() : this.selector.select(List.of(claim.loader()), region, 1, now);
				merged.add(new SegmentPeers(holders.segment(), holders.availability(), holders.peers(), loaders,
						claim.mine()));
			}
			return new Result(merged, result.degraded() || loading.isEmpty());
		});
	}

	Mono<Result> lookup(List<SegmentId> segments, HolderGroup.Viewer viewer, int count, String exclude) {
		Instant now = this.clock.instant();
		String region = viewer.region();
		CandidateQuery query = new CandidateQuery(segments, this.rtt.nearestFirst(region),
				Math.max(this.candidates, 2 * count), exclude, viewer);
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
