package cdn.router.routing;

import java.time.Instant;
import java.util.List;

import cdn.router.edge.EdgeSnapshot;
import cdn.router.edge.EdgeView;
import cdn.router.edge.HealthState;

/** Snapshots built by hand for ranking tests. */
final class Edges {

	private Edges() {
	}

	static EdgeView up(String url, String region) {
		return up(url, region, 0, false);
	}

	static EdgeView up(String url, String region, double load, boolean overloaded) {
		return new EdgeView(url, region, HealthState.UP, load, overloaded, Instant.EPOCH, Instant.EPOCH, "ready");
	}

	static EdgeView down(String url, String region) {
		return new EdgeView(url, region, HealthState.DOWN, 0, false, Instant.EPOCH, Instant.EPOCH,
				"connection refused");
	}

	static EdgeSnapshot snapshot(EdgeView... edges) {
		return new EdgeSnapshot(List.of(edges));
	}

}
