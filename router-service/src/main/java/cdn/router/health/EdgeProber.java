package cdn.router.health;

import cdn.router.edge.Edge;
import cdn.router.edge.ProbeResult;
import reactor.core.publisher.Mono;

/** Checks one edge once. Never fails: every problem is a {@link ProbeResult}. */
@FunctionalInterface
public interface EdgeProber {

	Mono<ProbeResult> probe(Edge edge);

}
