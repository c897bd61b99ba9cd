package cdn.tracker.selection;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

import cdn.protocol.tracker.PeerEntry;
import cdn.tracker.store.Candidate;

/**
 * Picks the peers to hand out from a segment's sampled holders: scores them, adds a small
 * random spread so near-equal holders take turns, keeps the best, and remembers the
 * hand-out so that a popular holder scores lower for the next requesters.
 */
public final class PeerSelector {

	/** Larger than any score plus jitter, so that no spread mixes the two tiers. */
	private static final double SAME_REGION_RANK = 10;

	private final PeerScorer scorer;

	private final HandoutLoad load;

	private final double jitter;

	private final RandomGenerator random;

	public PeerSelector(PeerScorer scorer, HandoutLoad load, double jitter, RandomGenerator random) {
		this.scorer = scorer;
		this.load = load;
		this.jitter = jitter;
		this.random = random;
	}

	/** The best {@code count} of the candidates, best first. */
	public List<PeerEntry> select(List<Candidate> candidates, String requesterRegion, int count, Instant now) {
		if (candidates.isEmpty()) {
			return List.of();
		}
		List<Scored> scored = new ArrayList<>(candidates.size());
		for (Candidate candidate : candidates) {
			double score = this.scorer.score(candidate, requesterRegion, now, this.load.recent(candidate.peerId()));
			// same-region holders first whatever the jitter, then by jittered score
			double rank = score + this.random.nextDouble() * this.jitter
					+ (candidate.region().equals(requesterRegion) ? SAME_REGION_RANK : 0);
			scored.add(new Scored(candidate, score, rank));
		}
		scored.sort((a, b) -> Double.compare(b.rank, a.rank));
		int n = Math.min(count, scored.size());
		List<PeerEntry> chosen = new ArrayList<>(n);
		for (int i = 0; i < n; i++) {
			Scored pick = scored.get(i);
			Candidate candidate = pick.candidate;
			this.load.handedOut(candidate.peerId());
			chosen.add(new PeerEntry(candidate.peerId(), candidate.endpointUrl(), candidate.region(),
					Math.round(pick.score * 1000) / 1000.0, candidate.lastSeen(), candidate.endpointPin()));
		}
		return chosen;
	}

	private record Scored(Candidate candidate, double score, double rank) {
	}

}
