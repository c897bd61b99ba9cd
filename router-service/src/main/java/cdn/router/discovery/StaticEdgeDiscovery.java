package cdn.router.discovery;

import java.util.List;

import cdn.router.config.RouterProperties;
import cdn.router.edge.Edge;
import cdn.router.edge.EdgeRegistry;

/**
 * The edges of {@code router.edges}: the local default (three edges on 8082–8084) and
 * docker-compose.
 */
public final class StaticEdgeDiscovery {

	private final List<Edge> edges;

	public StaticEdgeDiscovery(List<RouterProperties.StaticEdge> edges, EdgeRegistry registry) {
		this.edges = edges.stream().map((edge) -> new Edge(edge.url().toString(), edge.region())).toList();
		registry.replaceAll(this.edges);
		registry.markDiscovered();
	}

	public List<Edge> edges() {
		return this.edges;
	}

}
