package cdn.router.routing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import cdn.router.edge.EdgeSnapshot;
import cdn.router.edge.EdgeView;
import cdn.router.edge.RendezvousHash;
import org.junit.jupiter.api.Test;

import static cdn.router.routing.Edges.up;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Catalogue item 17: with rendezvous hashing, removing one of N edges moves only that
 * edge's ~1/N of the tracks, and nothing else.
 */
class RendezvousHashTest {

	static final int TRACKS = 10_000;

	final EdgeRanker ranker = new EdgeRanker(new LatencyMatrix(Map.of()), 4);

	final List<EdgeView> edges = List.of(up("http://10.0.0.1:8080", "us-east"), up("http://10.0.0.2:8080", "us-east"),
			up("http://10.0.0.3:8080", "us-east"), up("http://10.0.0.4:8080", "us-east"));

	@Test
	void tenThousandTracksSpreadEvenlyOverFourEdges() {
		Map<String, String> placement = place(new EdgeSnapshot(this.edges));
		Map<String, Integer> perEdge = new HashMap<>();
		placement.values().forEach((url) -> perEdge.merge(url, 1, Integer::sum));
		assertThat(perEdge).hasSize(4);
		// binomial(10000, 0.25): sd ≈ 43, so ±250 is beyond five sigma
		perEdge.values().forEach((count) -> assertThat(count).isBetween(2_250, 2_750));
	}

	@Test
	void removingOneOfFourEdgesMovesOnlyItsQuarterOfTheTracks() {
		Map<String, String> before = place(new EdgeSnapshot(this.edges));
		EdgeView removed = this.edges.get(2);
		List<EdgeView> remaining = new ArrayList<>(this.edges);
		remaining.remove(removed);
		Map<String, String> after = place(new EdgeSnapshot(remaining));

		List<String> moved = before.keySet()
			.stream()
			.filter((track) -> !before.get(track).equals(after.get(track)))
			.toList();
		assertThat(moved).allSatisfy((track) -> assertThat(before.get(track)).isEqualTo(removed.url()));
		long onRemoved = before.values().stream().filter(removed.url()::equals).count();
		assertThat(moved).hasSize((int) onRemoved);
		assertThat(moved.size() / (double) TRACKS).isBetween(0.22, 0.28);
	}

	@Test
	void addingAFifthEdgeMovesTracksOnlyToIt() {
		Map<String, String> before = place(new EdgeSnapshot(this.edges));
		List<EdgeView> grown = new ArrayList<>(this.edges);
		EdgeView added = up("http://10.0.0.5:8080", "us-east");
		grown.add(added);
		Map<String, String> after = place(new EdgeSnapshot(grown));
		List<String> moved = before.keySet()
			.stream()
			.filter((track) -> !before.get(track).equals(after.get(track)))
			.toList();
		assertThat(moved).allSatisfy((track) -> assertThat(after.get(track)).isEqualTo(added.url()));
		assertThat(moved.size() / (double) TRACKS).isBetween(0.17, 0.23);
	}

	@Test
	void hashesAreStableAcrossRuns() {
		// FNV-1a + fmix64 of fixed inputs: a change here reshuffles every track in
		// production
		assertThat(RendezvousHash.hash("night-drive")).isEqualTo(RendezvousHash.hash("night-drive"));
		assertThat(RendezvousHash.hash("")).isEqualTo(RendezvousHash.score(0xcbf29ce484222325L, 0));
		assertThat(RendezvousHash.hash("a")).isNotEqualTo(RendezvousHash.hash("b"));
	}

	private Map<String, String> place(EdgeSnapshot snapshot) {
		Map<String, String> placement = new HashMap<>();
		for (int i = 0; i < TRACKS; i++) {
			String track = "track-" + i;
			placement.put(track, this.ranker.rank(snapshot, "us-east", track).edges().get(0).url());
		}
		return placement;
	}

}
