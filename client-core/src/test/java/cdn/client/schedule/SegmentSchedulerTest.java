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
	void aSegmentNoPeerHoldsIsFetchedAheadOnlyByTheLowScoredListenersOfASwarm() {
		SegmentScheduler spreading = new SegmentScheduler(
				new SegmentScheduler.Settings(true, 6, 2, 3, Duration.ofSeconds(2), 8));
		// 12 s before the urgent window the threshold is exp(-12 / 8) = 0.22
		assertThat(spreading.plan(List.of(new Candidate(7, 18, 0, 0, 0, 0.1)), 0, 0))
			.containsExactly(new Assignment(7, Source.EDGE, null));
		assertThat(spreading.plan(List.of(new Candidate(7, 18, 0, 0, 0, 0.5)), 0, 0)).isEmpty();
		// a peer holds it: from the peer, whatever the score
		assertThat(spreading.plan(List.of(new Candidate(7, 18, 1, 1, 1, 0.1)), 0, 0))
			.containsExactly(new Assignment(7, Source.PEER, Duration.ofSeconds(2)));
	}

	@Test
	void theThresholdRisesToEveryListenerAtTheUrgentWindowAndFetchingAheadNeverTakesAnUrgentSlot() {
		SegmentScheduler spreading = new SegmentScheduler(
				new SegmentScheduler.Settings(true, 6, 2, 3, Duration.ofSeconds(2), 8));
		assertThat(spreading.plan(List.of(new Candidate(2, 6.05, 0, 0, 0, 0.99)), 0, 0)).hasSize(1);
		List<Assignment> plan = spreading.plan(
				List.of(new Candidate(0, 0, 0, 0, 0), new Candidate(1, 4, 0, 0, 0), new Candidate(2, 8, 0, 0, 0, 0.0)),
				0, 0);
		assertThat(plan).extracting(Assignment::index).containsExactly(0, 1);
	}

	@Test
	void withoutSpreadALaterSegmentNoPeerHoldsWaits() {
		assertThat(this.scheduler.plan(List.of(new Candidate(7, 6.05, 0, 0, 0, 0.0)), 0, 0)).isEmpty();
	}

}
