package cdn.demo;

import java.util.ArrayList;
import java.util.List;

import cdn.client.net.Json;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A journey counts only when the trace is whole and every hop is there, in Zipkin's v2
 * JSON.
 */
class TracePathsTest {

	@Test
	void aWholePeerMissToTheOriginIsFound() {
		assertThat(TracePaths.peerMissToOrigin(List.of(peerMissToOrigin()))).isPresent();
	}

	@Test
	void aTraceWithoutTheOriginsSpanIsNot() {
		ArrayNode trace = peerMissToOrigin();
		trace.remove(trace.size() - 1);
		assertThat(TracePaths.peerMissToOrigin(List.of(trace))).isEmpty();
	}

	@Test
	void aTraceWithASpanWhoseParentIsMissingIsNot() {
		ArrayNode trace = peerMissToOrigin();
		trace.add(span("9", "77", "edge-cache-service", "http get", "CLIENT"));
		assertThat(TracePaths.peerMissToOrigin(List.of(trace))).isEmpty();
	}

	@Test
	void aSegmentAPeerGaveIsNotAPeerMiss() {
		ArrayNode trace = peerMissToOrigin();
		((ObjectNode) trace.get(0).path("tags")).put("cdn.peer.attempt", "ok");
		assertThat(TracePaths.peerMissToOrigin(List.of(trace))).isEmpty();
	}

	@Test
	void aSegmentFromAPeerIsFoundWithThePeersServerSpan() {
		ArrayNode trace = Json.MAPPER.createArrayNode();
		ObjectNode root = span("1", null, "listener", "segment", null);
		root.putObject("tags").put("cdn.source", "peer");
		trace.add(root);
		trace.add(span("2", "1", "listener", "peer fetch", "CLIENT"));
		List<JsonNode> withoutServer = new ArrayList<>(List.of(trace.deepCopy()));
		trace.add(span("3", "2", "listener", "peer serve", "SERVER"));
		assertThat(TracePaths.fromPeer(withoutServer)).isEmpty();
		assertThat(TracePaths.fromPeer(List.of(trace))).isPresent();
	}

	/** Listener → lookup → tracker; listener → edge (miss) → upstream → origin. */
	private static ArrayNode peerMissToOrigin() {
		ArrayNode trace = Json.MAPPER.createArrayNode();
		ObjectNode root = span("1", null, "listener", "segment", null);
		root.putObject("tags").put("cdn.source", "edge").put("cdn.peer.attempt", "none_near");
		trace.add(root);
		trace.add(span("2", "1", "listener", "tracker lookup", "CLIENT"));
		trace.add(span("3", "2", "tracker-service", "http post /v1/peers/lookup", "SERVER"));
		trace.add(span("4", "1", "listener", "edge fetch", "CLIENT"));
		ObjectNode edge = span("5", "4", "edge-cache-service", "http get /segments/{filename}", "SERVER");
		edge.putObject("tags").put("cdn.edge.cache", "MISS");
		trace.add(edge);
		trace.add(span("6", "5", "edge-cache-service", "http get", "CLIENT"));
		trace.add(span("7", "6", "origin-service", "http get /segments/{filename}", "SERVER"));
		return trace;
	}

	private static ObjectNode span(String id, String parentId, String service, String name, String kind) {
		ObjectNode span = Json.MAPPER.createObjectNode();
		span.put("traceId", "4bf92f3577b34da6a3ce929d0e0e4736").put("id", id).put("name", name);
		if (parentId != null) {
			span.put("parentId", parentId);
		}
		if (kind != null) {
			span.put("kind", kind);
		}
		span.putObject("localEndpoint").put("serviceName", service);
		return span;
	}

}
