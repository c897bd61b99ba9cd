package cdn.router.routing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

import cdn.router.edge.EdgeSnapshot;
import cdn.router.edge.EdgeView;
import cdn.router.edge.RendezvousHash;

/**
 * Orders the healthy edges for one client and one track, from memory only:
 * <ol>
 * <li>edges that are not overloaded before overloaded ones (spill);</li>
 * <li>the client's region first, then other regions by the latency matrix;</li>
 * <li>within a region, by rendezvous hashing of the track id, so that a track sticks to
 * one edge (its cache stays hot) and losing an edge moves only that edge's tracks.</li>
 * </ol>
 * Overloaded edges stay in the list, last, so that a saturated region still gets answers.
 */
public final class EdgeRanker {

	private static final Comparator<Candidate> ORDER = Comparator.comparing(Candidate::overloaded)
		.thenComparingLong(Candidate::distance)
		.thenComparing((candidate) -> candidate.edge.region())
		.thenComparing(Comparator.comparingLong(Candidate::score).reversed())
		.thenComparing((candidate) -> candidate.edge.url());

	private final LatencyMatrix latency;

	private final int maxEdges;

	public EdgeRanker(LatencyMatrix latency, int maxEdges) {
		if (maxEdges < 2) {
			throw new IllegalArgumentException("maxEdges must be at least 2");
		}
		this.latency = latency;
		this.maxEdges = maxEdges;
	}

	/**
	 * @param snapshot the edges as of now
	 * @param region the client's region
	 * @param key what the ranking sticks to: the track id (or the client address)
	 */
	public RankedEdges rank(EdgeSnapshot snapshot, String region, String key) {
		List<EdgeView> healthy = snapshot.healthy();
		if (healthy.isEmpty()) {
			return RankedEdges.NONE;
		}
		long keyHash = RendezvousHash.hash(key);
		Candidate[] candidates = new Candidate[healthy.size()];
		Candidate localChoice = null;
		for (int i = 0; i < candidates.length; i++) {
			EdgeView edge = healthy.get(i);
			long score = RendezvousHash.score(keyHash, snapshot.healthyNodeHash(i));
			long distance = edge.region().equals(region) ? -1 : this.latency.millis(region, edge.region());
			Candidate candidate = new Candidate(edge, edge.overloaded(), distance, score);
			candidates[i] = candidate;
			if (distance < 0 && (localChoice == null || score > localChoice.score)) {
				localChoice = candidate;
			}
		}
		Arrays.sort(candidates, ORDER);
		List<EdgeView> ranked = new ArrayList<>(Math.min(candidates.length, this.maxEdges));
		for (int i = 0; i < candidates.length && i < this.maxEdges; i++) {
			ranked.add(candidates[i].edge);
		}
		return new RankedEdges(List.copyOf(ranked), outcome(candidates[0], localChoice));
	}

	private static RoutingOutcome outcome(Candidate first, Candidate localChoice) {
		if (localChoice == null) {
			return RoutingOutcome.REMOTE;
		}
		return (first == localChoice) ? RoutingOutcome.LOCAL : RoutingOutcome.SPILL;
	}

	private record Candidate(EdgeView edge, boolean overloaded, long distance, long score) {
	}

}
