package cdn.router.routing;

import java.net.InetAddress;
import java.net.InetSocketAddress;

import cdn.protocol.TrackId;
import cdn.router.edge.EdgeRegistry;
import cdn.router.edge.EdgeSnapshot;

/**
 * Makes a routing decision from memory: the latest edge snapshot, the client's region,
 * and the ranking. No I/O, no lock; counted in {@code cdn.router.decisions}.
 */
public final class EdgeRouter {

	private final EdgeRegistry registry;

	private final RegionResolver regions;

	private final EdgeRanker ranker;

	private final RoutingMetrics metrics;

	public EdgeRouter(EdgeRegistry registry, RegionResolver regions, EdgeRanker ranker, RoutingMetrics metrics) {
		this.registry = registry;
		this.regions = regions;
		this.ranker = ranker;
		this.metrics = metrics;
	}

	/**
	 * @param regionParameter the {@code region} parameter, may be {@code null}
	 * @param regionHeader the {@code X-Client-Region} header, may be {@code null}
	 * @param client the client's address, may be {@code null}
	 * @param track the track; without one the ranking sticks to the client address
	 */
	public RouteDecision route(String regionParameter, String regionHeader, InetAddress client, TrackId track) {
		EdgeSnapshot snapshot = this.registry.snapshot();
		ResolvedRegion region = this.regions.resolve(regionParameter, regionHeader, client, snapshot.regions());
		String key = (track != null) ? track.value() : ((client != null) ? client.getHostAddress() : "");
		RankedEdges ranked = this.ranker.rank(snapshot, region.region(), key);
		this.metrics.decided(region.region(), ranked.outcome());
		return new RouteDecision(region, track, ranked);
	}

	/** Whether a decision now would find an edge (no decision is made or counted). */
	public boolean hasHealthyEdge() {
		return !this.registry.snapshot().healthy().isEmpty();
	}

	/**
	 * The client's address: the connection's peer, or the first {@code X-Forwarded-For}
	 * entry when the router is configured to trust it.
	 */
	public InetAddress clientAddress(InetSocketAddress remote, String forwardedFor) {
		return this.regions.clientAddress(remote, forwardedFor);
	}

}
