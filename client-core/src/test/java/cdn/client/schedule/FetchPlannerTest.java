package cdn.client.schedule;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import cdn.client.net.Network;
import cdn.client.peer.PeerDirectory;
import cdn.protocol.SegmentId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FetchPlannerTest {

	private static final List<SegmentId> SEGMENTS = IntStream.range(0, 200)
		.mapToObj((i) -> SegmentId.ofBytes(("segment " + i).getBytes()))
		.toList();

	@Test
	void spreadScoresAreUniformAndEachSegmentHasItsOwnFirstFetcherInALockstepSwarm() {
		List<FetchPlanner> swarm = IntStream.range(0, 10).mapToObj((i) -> planner("sim-1-" + i)).toList();
		double sum = 0;
		Set<Integer> firstFetchers = new HashSet<>();
		for (SegmentId segment : SEGMENTS) {
			int lowest = 0;
			for (int listener = 0; listener < swarm.size(); listener++) {
				double score = swarm.get(listener).spreadScore(segment);
				assertThat(score).isBetween(0.0, 1.0).isNotEqualTo(1.0);
				sum += score;
				if (score < swarm.get(lowest).spreadScore(segment)) {
					lowest = listener;
				}
			}
			firstFetchers.add(lowest);
		}
		assertThat(sum / (SEGMENTS.size() * swarm.size())).isBetween(0.45, 0.55);
		// the load of fetching ahead is spread over the whole swarm
		assertThat(firstFetchers).hasSize(swarm.size());
		// and a listener's score is its own, every time
		assertThat(planner("sim-1-3").spreadScore(SEGMENTS.get(5)))
			.isEqualTo(swarm.get(3).spreadScore(SEGMENTS.get(5)));
	}

	private static FetchPlanner planner(String peerId) {
		return new FetchPlanner(peerId,
				new SegmentScheduler(new SegmentScheduler.Settings(true, 6, 2, 3, Duration.ofSeconds(2), 8)), 30,
				new PeerDirectory(peerId, "us-east", Network.direct()));
	}

}
