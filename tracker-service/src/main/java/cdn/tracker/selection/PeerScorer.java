package cdn.tracker.selection;

import java.time.Duration;
import java.time.Instant;

import cdn.tracker.config.TrackerProperties;
import cdn.tracker.store.Candidate;

/**
 * Scores a holder for a requester. Each term is in [0, 1] and the weights sum to 1, so a
 * score is in [0, 1); a holder in the requester's own region gets 1 more, which puts
 * every same-region holder ahead of every other one.
 * <ul>
 * <li>rtt: {@code 1 - rtt / maxRtt} from the region matrix (1 in the same region)</li>
 * <li>capacity: {@code log(1 + kbps) / log(1 + reference)}, capped at 1</li>
 * <li>reciprocity: {@code (up + 1 MiB) / (up + down + 2 MiB)}: 0.5 for a newcomer, more
 * for peers that gave more than they took</li>
 * <li>freshness: {@code 1 - age / lifetime}</li>
 * <li>load: {@code 1 - h / (h + pivot)} where {@code h} is the recent hand-outs</li>
 * </ul>
 */
public final class PeerScorer {

	/**
	 * Bytes of virtual history both ways, so that a few bytes do not swing reciprocity.
	 */
	private static final double RECIPROCITY_PRIOR = 1 << 20;

	private final RttMatrix rtt;

	private final double maxRttMillis;

	private final double logCapacityReference;

	private final double lifetimeMillis;

	private final double loadPivot;

	private final double wRtt;

	private final double wCapacity;

	private final double wReciprocity;

	private final double wFreshness;

	private final double wLoad;

	public PeerScorer(RttMatrix rtt, TrackerProperties.Selection selection, Duration peerLifetime) {
		this.rtt = rtt;
		this.maxRttMillis = selection.maxRtt().toMillis();
		this.logCapacityReference = Math.log1p(selection.capacityReference());
		this.lifetimeMillis = peerLifetime.toMillis();
		this.loadPivot = selection.loadPivot();
		TrackerProperties.Weights weights = selection.weights();
		double sum = weights.rtt() + weights.capacity() + weights.reciprocity() + weights.freshness() + weights.load();
		this.wRtt = weights.rtt() / sum;
		this.wCapacity = weights.capacity() / sum;
		this.wReciprocity = weights.reciprocity() / sum;
		this.wFreshness = weights.freshness() / sum;
		this.wLoad = weights.load() / sum;
	}

	/**
	 * @param candidate the holder
	 * @param requesterRegion the requester's region
	 * @param now the present
	 * @param recentHandouts how often the holder was handed out recently
	 */
	public double score(Candidate candidate, String requesterRegion, Instant now, double recentHandouts) {
		boolean sameRegion = candidate.region().equals(requesterRegion);
		double rttTerm = 1
				- Math.min(this.rtt.millis(requesterRegion, candidate.region()), this.maxRttMillis) / this.maxRttMillis;
		double capacity = Math.min(1, Math.log1p(Math.max(0, candidate.uploadKbps())) / this.logCapacityReference);
		double reciprocity = (candidate.uploadedBytes() + RECIPROCITY_PRIOR)
				/ (candidate.uploadedBytes() + candidate.downloadedBytes() + 2 * RECIPROCITY_PRIOR);
		double age = Math.max(0, now.toEpochMilli() - candidate.lastSeen().toEpochMilli());
		double freshness = 1 - Math.min(1, age / this.lifetimeMillis);
		double load = 1 - recentHandouts / (recentHandouts + this.loadPivot);
		double base = this.wRtt * rttTerm + this.wCapacity * capacity + this.wReciprocity * reciprocity
				+ this.wFreshness * freshness + this.wLoad * load;
		// keep below 1 so that the same-region bonus always dominates
		return (sameRegion ? 1 : 0) + Math.min(base, 0.999_999);
	}

}
