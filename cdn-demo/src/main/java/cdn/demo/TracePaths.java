package cdn.demo;

import java.io.IOException;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import cdn.client.http.PeerServer;
import cdn.client.trace.SegmentTraces;
import tools.jackson.databind.JsonNode;

/**
 * Finds the segment journeys the traces are for, among Zipkin's traces (lists of v2 JSON
 * spans): a segment no peer gave that went through an edge miss to the origin, and a
 * segment a peer gave. A journey counts only when its trace is whole: every span's parent
 * is in the trace.
 */
final class TracePaths {

	static final String LISTENER = "listener";

	private TracePaths() {
	}

	/** Prints where to see the traces, and one of each journey when there is one. */
	static void print(Zipkin zipkin, PrintStream out) throws IOException, InterruptedException {
		List<JsonNode> traces = zipkin.traces("origin-service", 1000);
		out.println();
		out.println("  Traces (Zipkin): " + zipkin.url() + "/zipkin/?serviceName=" + LISTENER);
		peerMissToOrigin(traces).ifPresent((trace) -> out.println("    a peer miss that went to the origin: "
				+ zipkin.url() + "/zipkin/traces/" + text(trace.get(0), "traceId")));
		fromPeer(zipkin.traces(LISTENER, 1000)).ifPresent((trace) -> out.println("    a segment from a peer:           "
				+ zipkin.url() + "/zipkin/traces/" + text(trace.get(0), "traceId")));
	}

	/**
	 * A trace of a segment fetched from an edge after no peer gave it, in which the edge
	 * missed and fetched from the origin: the listener's root span, its tracker lookup
	 * answered by the tracker, its edge request served by the edge, the edge's upstream
	 * request served by the origin.
	 */
	static Optional<JsonNode> peerMissToOrigin(List<JsonNode> traces) {
		return traces.stream().filter(TracePaths::isPeerMissToOrigin).findFirst();
	}

	/**
	 * A trace of a segment a peer gave: the listener's peer request, served by a peer.
	 */
	static Optional<JsonNode> fromPeer(List<JsonNode> traces) {
		return traces.stream().filter((trace) -> {
			Trace t = new Trace(trace);
			JsonNode root = t.root();
			JsonNode fetch = t.child(root, LISTENER, SegmentTraces.PEER_FETCH, "CLIENT");
			return t.whole() && root != null && "peer".equals(tag(root, SegmentTraces.TAG_SOURCE))
					&& t.child(fetch, LISTENER, PeerServer.SPAN_NAME, "SERVER") != null;
		}).findFirst();
	}

	private static boolean isPeerMissToOrigin(JsonNode trace) {
		Trace t = new Trace(trace);
		JsonNode root = t.root();
		if (!t.whole() || root == null || !"edge".equals(tag(root, SegmentTraces.TAG_SOURCE))
				|| "ok".equals(tag(root, SegmentTraces.TAG_PEER_ATTEMPT))) {
			return false;
		}
		JsonNode lookup = t.child(root, LISTENER, SegmentTraces.TRACKER_LOOKUP, "CLIENT");
		JsonNode fetch = t.child(root, LISTENER, SegmentTraces.EDGE_FETCH, "CLIENT");
		JsonNode edge = t.child(fetch, "edge-cache-service", null, "SERVER");
		JsonNode upstream = t.child(edge, "edge-cache-service", null, "CLIENT");
		return t.child(lookup, "tracker-service", null, "SERVER") != null && edge != null
				&& "MISS".equals(tag(edge, SegmentTraces.TAG_EDGE_CACHE))
				&& t.child(upstream, "origin-service", null, "SERVER") != null;
	}

	static String tag(JsonNode span, String key) {
		return text(span.path("tags"), key);
	}

	/** A text field, or null when absent. */
	static String text(JsonNode node, String field) {
		JsonNode value = node.path(field);
		return value.isString() ? value.asString() : null;
	}

	/** One trace's spans by id. */
	private static final class Trace {

		private final Map<String, JsonNode> spans = new HashMap<>();

		Trace(JsonNode trace) {
			trace.forEach((span) -> this.spans.put(text(span, "id"), span));
		}

		/** Every parent is in the trace, and exactly one span has none. */
		boolean whole() {
			long roots = this.spans.values().stream().filter((span) -> !span.has("parentId")).count();
			return roots == 1 && this.spans.values()
				.stream()
				.allMatch((span) -> !span.has("parentId") || this.spans.containsKey(text(span, "parentId")));
		}

		/** The listener's segment span at the root, or null. */
		JsonNode root() {
			return this.spans.values()
				.stream()
				.filter((span) -> !span.has("parentId") && SegmentTraces.SEGMENT.equals(text(span, "name"))
						&& LISTENER.equals(service(span)))
				.findFirst()
				.orElse(null);
		}

		/** A child of {@code parent} of that service, name (any when null) and kind. */
		JsonNode child(JsonNode parent, String service, String name, String kind) {
			if (parent == null) {
				return null;
			}
			String parentId = text(parent, "id");
			return this.spans.values()
				.stream()
				.filter((span) -> parentId.equals(text(span, "parentId")) && service.equals(service(span))
						&& (name == null || name.equals(text(span, "name"))) && kind.equals(text(span, "kind")))
				.findFirst()
				.orElse(null);
		}

		private static String service(JsonNode span) {
			return text(span.path("localEndpoint"), "serviceName");
		}

	}

}
