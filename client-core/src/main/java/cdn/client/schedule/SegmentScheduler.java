package cdn.client.schedule;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import cdn.client.metrics.Source;

/**
 * Decides, for the segments a listener is missing, which to fetch now and from where. A
 * pure function of the listener's state, so every rule is tested under a fake clock:
 * <ul>
 * <li>a segment needed within the urgent window goes to a peer only when a <em>near</em>
 * one is known, one at most as far away as the edge (with a timeout that leaves time for
 * the edge), else to the edge: a far peer's round trip alone can cost more than the
 * edge's whole answer, which is what lengthened startups when P2P was on;</li>
 * <li>a peer <em>loading</em> a segment (it holds the tracker's claim to fetch it from
 * the edge) is asked like a holder, once it has the segment it answers: near and urgent
 * only while {@link #MIN_LOADER_LEAD} or more is left, with half of it to wait; ahead,
 * for at most half the time left and three stall timeouts, so the edge always has the
 * other half;</li>
 * <li>a segment this listener claimed is fetched from the edge ahead, before the
 * others;</li>
 * <li>the rest go to peers, rarest first (lowest availability, then earliest); one that
 * no peer holds or loads waits until it is urgent (listeners in lockstep each claim
 * different segments, so few are left to that);</li>
 * <li>with P2P off everything in the buffer window goes to the edge in play order;</li>
 * <li>at most {@code maxEdgeFetches} and {@code maxPeerFetches} run at once.</li>
 * </ul>
 */
public final class SegmentScheduler {

	/** A peer answer slower than this is not worth waiting for, even far ahead. */
	static final Duration MIN_PEER_TIMEOUT = Duration.ofMillis(250);

	/**
	 * An urgent segment waits for a loader only with this much time left: half of it to
	 * wait, half for the edge (a segment needed at once, like the first one at startup,
	 * never waits).
	 */
	public static final Duration MIN_LOADER_LEAD = Duration.ofSeconds(1);

	private final Settings settings;

	public SegmentScheduler(Settings settings) {
		this.settings = settings;
	}

	/**
	 * @param p2p whether peers may be used at all
	 * @param urgentWindowSeconds segments needed sooner than this are urgent
	 * @param maxEdgeFetches concurrent edge downloads
	 * @param maxPeerFetches concurrent peer downloads
	 * @param peerStallTimeout a peer that sends nothing for this long is abandoned
	 */
	public record Settings(boolean p2p, double urgentWindowSeconds, int maxEdgeFetches, int maxPeerFetches,
			Duration peerStallTimeout) {
	}

	/**
	 * A segment the listener lacks.
	 *
	 * @param index its position
	 * @param secondsUntilNeeded media seconds until the playhead reaches it
	 * @param peersKnown usable peers the tracker named for it
	 * @param nearPeersKnown those of them at most as far away as the edge
	 * @param availability how many peers hold it (all regions)
	 * @param nearLoadersKnown near peers loading it (none of them holds it yet)
	 * @param claimed whether this listener holds the claim to load it from the edge
	 */
	public record Candidate(int index, double secondsUntilNeeded, int peersKnown, int nearPeersKnown, long availability,
			int nearLoadersKnown, boolean claimed) {

		/** A candidate nobody loads. */
		public Candidate(int index, double secondsUntilNeeded, int peersKnown, int nearPeersKnown, long availability) {
			this(index, secondsUntilNeeded, peersKnown, nearPeersKnown, availability, 0, false);
		}

	}

	/**
	 * Fetch segment {@code index} from {@code source} now; a peer gets
	 * {@code peerTimeout}.
	 */
	public record Assignment(int index, Source source, Duration peerTimeout) {
	}

	public List<Assignment> plan(List<Candidate> candidates, int edgeInFlight, int peerInFlight) {
		List<Assignment> plan = new ArrayList<>();
		int edgeSlots = this.settings.maxEdgeFetches() - edgeInFlight;
		int peerSlots = this.settings.maxPeerFetches() - peerInFlight;
		List<Candidate> byIndex = candidates.stream().sorted(Comparator.comparingInt(Candidate::index)).toList();
		if (!this.settings.p2p()) {
			for (Candidate candidate : byIndex) {
				if (edgeSlots-- <= 0) {
					break;
				}
				plan.add(new Assignment(candidate.index(), Source.EDGE, null));
			}
			return plan;
		}
		List<Candidate> later = new ArrayList<>();
		for (Candidate candidate : byIndex) {
			if (candidate.secondsUntilNeeded() > this.settings.urgentWindowSeconds()) {
				later.add(candidate);
			}
			else if (peerSlots > 0 && (candidate.nearPeersKnown() > 0 || candidate.nearLoadersKnown() > 0
					&& candidate.secondsUntilNeeded() * 1000 >= MIN_LOADER_LEAD.toMillis())) {
				peerSlots--;
				plan.add(new Assignment(candidate.index(), Source.PEER, urgentPeerTimeout(candidate)));
			}
			else if (edgeSlots > 0) {
				edgeSlots--;
				plan.add(new Assignment(candidate.index(), Source.EDGE, null));
			}
		}
		for (Candidate candidate : later) {
			if (edgeSlots > 0 && candidate.peersKnown() == 0 && candidate.claimed()) {
				edgeSlots--;
				plan.add(new Assignment(candidate.index(), Source.EDGE, null));
			}
		}
		later.sort(Comparator.comparingLong(Candidate::availability).thenComparingInt(Candidate::index));
		for (Candidate candidate : later) {
			if (peerSlots <= 0) {
				break;
			}
			if (candidate.peersKnown() > 0) {
				peerSlots--;
				plan.add(new Assignment(candidate.index(), Source.PEER, this.settings.peerStallTimeout()));
			}
			else if (candidate.nearLoadersKnown() > 0 && !candidate.claimed()) {
				peerSlots--;
				plan.add(new Assignment(candidate.index(), Source.PEER, loaderWait(candidate)));
			}
		}
		return plan;
	}

	/**
	 * How long to wait for a loader ahead of the urgent window: its edge fetch and the
	 * transfer, at most half the time left (the edge keeps the other half) and three
	 * stall timeouts.
	 */
	private Duration loaderWait(Candidate candidate) {
		long halfMillis = (long) (candidate.secondsUntilNeeded() * 500);
		long capMillis = this.settings.peerStallTimeout().toMillis() * 3;
		return Duration.ofMillis(Math.max(MIN_PEER_TIMEOUT.toMillis(), Math.min(halfMillis, capMillis)));
	}

	/**
	 * Half the time left before the segment is needed, so the edge still has the other
	 * half.
	 */
	private Duration urgentPeerTimeout(Candidate candidate) {
		Duration half = Duration.ofMillis((long) (candidate.secondsUntilNeeded() * 500));
		Duration bounded = (half.compareTo(this.settings.peerStallTimeout()) < 0) ? half
				: this.settings.peerStallTimeout();
		return (bounded.compareTo(MIN_PEER_TIMEOUT) < 0) ? MIN_PEER_TIMEOUT : bounded;
	}

}
