package cdn.client.schedule;

import java.time.Duration;
import java.util.List;

import cdn.client.metrics.Source;
import cdn.client.schedule.SegmentScheduler.Assignment;
import cdn.client.schedule.SegmentScheduler.Candidate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SegmentSchedulerTest {

	private final SegmentScheduler scheduler = new SegmentScheduler(
			new SegmentScheduler.Settings(true, 6, 2, 3, Duration.ofSeconds(2)));

	@Test
	void urgentSegmentWithoutPeersGoesToTheEdge() {
		assertThat(this.scheduler.plan(List.of(new Candidate(0, 0, 0, 0, 0)), 0, 0))
			.containsExactly(new Assignment(0, Source.EDGE, null));
	}

	@Test
	void urgentSegmentWithAPeerTriesThePeerWithTimeLeftForTheEdge() {
		List<Assignment> plan = this.scheduler.plan(List.of(new Candidate(3, 2.0, 1, 1, 4)), 0, 0);
		assertThat(plan).containsExactly(new Assignment(3, Source.PEER, Duration.ofSeconds(1)));
		assertThat(this.scheduler.plan(List.of(new Candidate(0, 0, 1, 1, 4)), 0, 0).get(0).peerTimeout())
			.isEqualTo(SegmentScheduler.MIN_PEER_TIMEOUT);
	}

	@Test
	void urgentSegmentHeldOnlyByFarPeersGoesToTheEdge() {
		assertThat(this.scheduler.plan(List.of(new Candidate(0, 0, 2, 0, 2)), 0, 0))
			.containsExactly(new Assignment(0, Source.EDGE, null));
		// far ahead, a far peer is fine
		assertThat(this.scheduler.plan(List.of(new Candidate(5, 20, 2, 0, 2)), 0, 0))
			.containsExactly(new Assignment(5, Source.PEER, Duration.ofSeconds(2)));
	}

	@Test
	void laterSegmentsGoToPeersRarestFirstAndWaitWithoutPeers() {
		List<Assignment> plan = this.scheduler.plan(List.of(new Candidate(5, 10, 2, 2, 9),
				new Candidate(6, 14, 1, 1, 1), new Candidate(7, 18, 0, 0, 0), new Candidate(8, 22, 3, 3, 5)), 0, 0);
		assertThat(plan).extracting(Assignment::index).containsExactly(6, 8, 5);
		assertThat(plan).allSatisfy((assignment) -> {
			assertThat(assignment.source()).isEqualTo(Source.PEER);
			assertThat(assignment.peerTimeout()).isEqualTo(Duration.ofSeconds(2));
		});
	}

	/**
	 * Nobody holds it; {@code loaders} near peers load it; {@code claimed} by this one.
	 */
	private static Candidate loading(int index, double until, int loaders, boolean claimed) {
		return new Candidate(index, until, 0, 0, 0, loaders, claimed);
	}

	@Test
	void anUrgentSegmentWaitsForANearLoaderOnlyWhenTheDeadlineLeavesTheEdgeHalf() {
		// 4 s left: wait half of it, then the edge still has 2 s
		assertThat(this.scheduler.plan(List.of(loading(2, 4, 1, false)), 0, 0))
			.containsExactly(new Assignment(2, Source.PEER, Duration.ofSeconds(2)));
		// 1.5 s left: wait 0.75 s
		assertThat(this.scheduler.plan(List.of(loading(2, 1.5, 1, false)), 0, 0))
			.containsExactly(new Assignment(2, Source.PEER, Duration.ofMillis(750)));
		// needed now (the first segment at startup) or within the minimum lead: the edge
		assertThat(this.scheduler.plan(List.of(loading(0, 0, 1, false)), 0, 0))
			.containsExactly(new Assignment(0, Source.EDGE, null));
		assertThat(this.scheduler.plan(List.of(loading(1, 0.9, 1, false)), 0, 0))
			.containsExactly(new Assignment(1, Source.EDGE, null));
	}

	@Test
	void aheadOfTheUrgentWindowALoaderIsWaitedForAtMostHalfTheTimeLeftAndThreeStallTimeouts() {
		List<Assignment> plan = this.scheduler.plan(List.of(loading(3, 9, 1, false), loading(4, 30, 1, false)), 0, 0);
		assertThat(plan).containsExactly(new Assignment(3, Source.PEER, Duration.ofMillis(4500)),
				new Assignment(4, Source.PEER, Duration.ofSeconds(6)));
		assertThat(plan).allSatisfy((assignment) -> assertThat(assignment.peerTimeout().toMillis())
			.as("never longer than half the time left: the edge has the rest")
			.isLessThanOrEqualTo((long) ((assignment.index() == 3) ? 4500 : 15000)));
	}

	@Test
	void aClaimedSegmentIsFetchedAheadFromTheEdgeAndTheOthersWaitForTheirLoaders() {
		List<Assignment> plan = this.scheduler
			.plan(List.of(loading(2, 8, 0, true), loading(3, 12, 1, false), loading(4, 16, 0, false)), 0, 0);
		assertThat(plan).containsExactlyInAnyOrder(new Assignment(2, Source.EDGE, null),
				new Assignment(3, Source.PEER, Duration.ofSeconds(6)));
		// no edge slot free: the claim waits for one, nothing else takes its place
		assertThat(this.scheduler.plan(List.of(loading(2, 8, 0, true)), 2, 0)).isEmpty();
	}

	@Test
	void concurrencyIsBoundedPerSource() {
		List<Candidate> urgent = List.of(new Candidate(0, 0, 0, 0, 0), new Candidate(1, 1, 0, 0, 0),
				new Candidate(2, 2, 0, 0, 0));
		assertThat(this.scheduler.plan(urgent, 0, 0)).hasSize(2);
		assertThat(this.scheduler.plan(urgent, 2, 0)).isEmpty();
		List<Candidate> later = List.of(new Candidate(4, 10, 1, 1, 1), new Candidate(5, 12, 1, 1, 1));
		assertThat(this.scheduler.plan(later, 0, 2)).hasSize(1);
	}

	@Test
	void withP2pOffEverySegmentGoesToTheEdgeInPlayOrder() {
		SegmentScheduler edgeOnly = new SegmentScheduler(
				new SegmentScheduler.Settings(false, 6, 2, 3, Duration.ofSeconds(2)));
		assertThat(edgeOnly.plan(List.of(new Candidate(9, 12, 5, 5, 5), new Candidate(8, 8, 5, 5, 5)), 0, 0))
			.containsExactly(new Assignment(8, Source.EDGE, null), new Assignment(9, Source.EDGE, null));
	}

	@Test
	void aLaterSegmentNoPeerHoldsOrLoadsWaitsUntilItIsUrgent() {
		assertThat(this.scheduler.plan(List.of(new Candidate(7, 6.05, 0, 0, 0)), 0, 0)).isEmpty();
	}

}
