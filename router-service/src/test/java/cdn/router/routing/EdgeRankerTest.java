package cdn.router.routing;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import cdn.router.edge.EdgeSnapshot;
import cdn.router.edge.EdgeView;
import org.junit.jupiter.api.Test;

import static cdn.router.routing.Edges.down;
import static cdn.router.routing.Edges.snapshot;
import static cdn.router.routing.Edges.up;
import static org.assertj.core.api.Assertions.assertThat;

class EdgeRankerTest {

	static final LatencyMatrix LATENCY = new LatencyMatrix(
			Map.of("us-east", Map.of("eu-west", Duration.ofMillis(80), "ap-south", Duration.ofMillis(200)), "eu-west",
					Map.of("ap-south", Duration.ofMillis(120))));

	final EdgeRanker ranker = new EdgeRanker(LATENCY, 4);

	final EdgeView east1 = up("http://east-1", "us-east");

	final EdgeView east2 = up("http://east-2", "us-east");

	final EdgeView west = up("http://west", "eu-west");

	final EdgeView south = up("http://south", "ap-south");

	@Test
	void localEdgesComeFirstThenOtherRegionsByLatency() {
		RankedEdges ranked = this.ranker.rank(snapshot(this.south, this.west, this.east1, this.east2), "us-east",
				"night-drive");
		assertThat(regions(ranked)).containsExactly("us-east", "us-east", "eu-west", "ap-south");
		assertThat(ranked.outcome()).isEqualTo(RoutingOutcome.LOCAL);

		RankedEdges fromSouth = this.ranker.rank(snapshot(this.south, this.west, this.east1, this.east2), "ap-south",
				"night-drive");
		assertThat(regions(fromSouth)).containsExactly("ap-south", "eu-west", "us-east", "us-east");
	}

	@Test
	void aTrackSticksToOneEdgeAndTracksSpreadOverTheRegion() {
		EdgeSnapshot edges = snapshot(this.east1, this.east2, this.west);
		String first = this.ranker.rank(edges, "us-east", "night-drive").edges().get(0).url();
		for (int i = 0; i < 5; i++) {
			assertThat(this.ranker.rank(edges, "us-east", "night-drive").edges().get(0).url()).isEqualTo(first);
		}
		Set<String> firsts = new HashSet<>();
		for (int i = 0; i < 50; i++) {
			firsts.add(this.ranker.rank(edges, "us-east", "track-" + i).edges().get(0).url());
		}
		assertThat(firsts).containsExactlyInAnyOrder(this.east1.url(), this.east2.url());
	}

	@Test
	void anOverloadedEdgeIsPassedOverForTheNextEdgeOfItsRegion() {
		String track = trackFirstOn(this.east1);
		EdgeView busy = up(this.east1.url(), "us-east", 0.9, true);
		RankedEdges ranked = this.ranker.rank(snapshot(busy, this.east2, this.west), "us-east", track);
		assertThat(urls(ranked)).containsExactly(this.east2.url(), this.west.url(), busy.url());
		assertThat(ranked.outcome()).isEqualTo(RoutingOutcome.SPILL);
	}

	@Test
	void aRegionWhoseEdgesAreAllOverloadedSpillsToTheNearestRegion() {
		EdgeView busy1 = up(this.east1.url(), "us-east", 0.95, true);
		EdgeView busy2 = up(this.east2.url(), "us-east", 0.85, true);
		RankedEdges ranked = this.ranker.rank(snapshot(busy1, busy2, this.west, this.south), "us-east", "night-drive");
		assertThat(regions(ranked)).containsExactly("eu-west", "ap-south", "us-east", "us-east");
		assertThat(ranked.outcome()).isEqualTo(RoutingOutcome.SPILL);
	}

	@Test
	void aRegionWithoutHealthyEdgesIsServedByTheNearestOne() {
		RankedEdges ranked = this.ranker.rank(snapshot(down("http://east-1", "us-east"), this.west, this.south),
				"us-east", "night-drive");
		assertThat(urls(ranked)).containsExactly(this.west.url(), this.south.url());
		assertThat(ranked.outcome()).isEqualTo(RoutingOutcome.REMOTE);
	}

	@Test
	void atLeastTwoEdgesWheneverTwoAreHealthyAndNeverMoreThanTheLimit() {
		assertThat(urls(this.ranker.rank(snapshot(this.east1, this.south), "us-east", "x")))
			.containsExactly(this.east1.url(), this.south.url());
		RankedEdges limited = new EdgeRanker(LATENCY, 2).rank(snapshot(this.east1, this.east2, this.west, this.south),
				"eu-west", "x");
		assertThat(regions(limited)).containsExactly("eu-west", "us-east");
	}

	@Test
	void regionsMissingFromTheLatencyMatrixRankLast() {
		EdgeView mars = up("http://mars", "mars-1");
		RankedEdges ranked = this.ranker.rank(snapshot(mars, this.south, this.west), "us-east", "x");
		assertThat(regions(ranked)).containsExactly("eu-west", "ap-south", "mars-1");
	}

	@Test
	void noHealthyEdgeIsNoEdge() {
		RankedEdges ranked = this.ranker.rank(snapshot(down("http://east-1", "us-east")), "us-east", "x");
		assertThat(ranked.edges()).isEmpty();
		assertThat(ranked.outcome()).isEqualTo(RoutingOutcome.NO_EDGE);
	}

	@Test
	void latencyGivenInOneDirectionCountsForBothUnlessBothAreGiven() {
		LatencyMatrix matrix = new LatencyMatrix(Map.of("a", Map.of("b", Duration.ofMillis(10)), "c",
				Map.of("d", Duration.ofMillis(30)), "d", Map.of("c", Duration.ofMillis(40))));
		assertThat(matrix.millis("b", "a")).isEqualTo(10);
		assertThat(matrix.millis("c", "d")).isEqualTo(30);
		assertThat(matrix.millis("d", "c")).isEqualTo(40);
		assertThat(matrix.millis("a", "a")).isZero();
		assertThat(matrix.millis("a", "c")).isEqualTo(LatencyMatrix.UNKNOWN);
	}

	private String trackFirstOn(EdgeView edge) {
		for (int i = 0;; i++) {
			String track = "track-" + i;
			if (this.ranker.rank(snapshot(this.east1, this.east2), "us-east", track)
				.edges()
				.get(0)
				.url()
				.equals(edge.url())) {
				return track;
			}
		}
	}

	private static List<String> urls(RankedEdges ranked) {
		return ranked.edges().stream().map(EdgeView::url).toList();
	}

	private static List<String> regions(RankedEdges ranked) {
		return ranked.edges().stream().map(EdgeView::region).toList();
	}

}
