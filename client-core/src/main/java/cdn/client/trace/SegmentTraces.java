package cdn.client.trace;

import java.util.HashMap;
import java.util.Map;

import brave.Span;

/**
 * One listener's segment traces. A media segment's trace starts with the first tracker
 * lookup that asks who holds it (the lookup is a span of it) or, without one, when its
 * fetch starts; the fetch takes it over and ends it when the segment arrives or fails,
 * with the peer attempt, the edge request and everything behind them as spans between. An
 * init segment's trace is its fetch. Used on the listener's worker only; all methods
 * return null and do nothing when tracing is off.
 */
public final class SegmentTraces {

	/** Span names, as Zipkin lists them. */
	public static final String SEGMENT = "segment";

	public static final String INIT_SEGMENT = "init segment";

	public static final String TRACKER_LOOKUP = "tracker lookup";

	public static final String PEER_FETCH = "peer fetch";

	public static final String EDGE_FETCH = "edge fetch";

	/** Tags of a segment's root span. */
	public static final String TAG_INDEX = "cdn.segment.index";

	public static final String TAG_SEGMENT = "cdn.segment.id";

	public static final String TAG_PLANNED = "cdn.source.planned";

	public static final String TAG_SOURCE = "cdn.source";

	public static final String TAG_PEER_ATTEMPT = "cdn.peer.attempt";

	public static final String TAG_EDGE_CACHE = "cdn.edge.cache";

	private final ClientTracing tracing;

	private final String peerId;

	private final String region;

	/** Traces started by a lookup whose fetch has not started yet, by position. */
	private final Map<Integer, Span> waiting = new HashMap<>();

	public SegmentTraces(ClientTracing tracing, String peerId, String region) {
		this.tracing = tracing;
		this.peerId = peerId;
		this.region = region;
	}

	/** The trace of the media segment at {@code index}, started now if it has none. */
	public Span segment(int index) {
		if (!this.tracing.enabled()) {
			return null;
		}
		return this.waiting.computeIfAbsent(index, this::segmentRoot);
	}

	/** The trace of the segment at {@code index}, now owned by its fetch. */
	public Span fetching(int index) {
		Span waited = this.waiting.remove(index);
		return (waited != null) ? waited : (this.tracing.enabled() ? segmentRoot(index) : null);
	}

	/** A new trace for fetching an init segment. */
	public Span init() {
		return this.tracing.enabled() ? root(INIT_SEGMENT) : null;
	}

	/** A started request span under {@code parent}; null when the parent is. */
	public Span request(Span parent, String name, String remoteService) {
		return this.tracing.child(parent, name, Span.Kind.CLIENT, remoteService);
	}

	/** The listener stops: traces whose fetch never started are dropped, not reported. */
	public void abandonWaiting() {
		this.waiting.values().forEach(ClientTracing::abandon);
		this.waiting.clear();
	}

	private Span segmentRoot(int index) {
		Span span = root(SEGMENT);
		ClientTracing.tag(span, TAG_INDEX, Integer.toString(index));
		return span;
	}

	private Span root(String name) {
		Span span = this.tracing.newTrace(name);
		if (!span.isNoop()) {
			span.tag("cdn.peer.id", this.peerId).tag("cdn.region", this.region);
		}
		return span;
	}

}
