package cdn.client.trace;

import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Function;

import brave.Span;
import brave.Tracing;
import brave.propagation.TraceContext;
import brave.propagation.TraceContextOrSamplingFlags;
import io.micrometer.tracing.brave.bridge.W3CPropagation;
import reactor.util.context.Context;
import reactor.util.context.ContextView;

/**
 * The listener's side of tracing: each segment a listener fetches is one trace (see
 * {@link SegmentTraces}), and every request made for it carries the W3C
 * {@code traceparent} of its span, so the edge, the shield, the origin, the tracker and
 * the peer that answer it add their spans to the same trace. Spans are Brave's; what
 * reports them (Zipkin) is the application's choice. {@link #OFF} makes no span and sends
 * no header.
 * <p>
 * The header travels in the Reactor context of a transport's call ({@link #carrying}), so
 * transports need no tracing parameter: an HTTP adapter writes it with {@link #inject}.
 */
public final class ClientTracing {

	/** The Reactor context key of the outgoing {@code traceparent}. */
	public static final String TRACEPARENT = "traceparent";

	/** No spans, no headers. */
	public static final ClientTracing OFF = new ClientTracing(null);

	private static final W3CPropagation W3C = new W3CPropagation();

	private static final TraceContext.Injector<Map<String, String>> INJECTOR = W3C.injector(Map::put);

	private static final TraceContext.Extractor<Function<String, String>> EXTRACTOR = W3C.extractor(Function::apply);

	private final Tracing tracing;

	private ClientTracing(Tracing tracing) {
		this.tracing = tracing;
	}

	/**
	 * @param tracing sampler and span reporter; its propagation is ignored: the wire
	 * format is always W3C {@code traceparent}
	 */
	public static ClientTracing of(Tracing tracing) {
		return new ClientTracing(tracing);
	}

	public boolean enabled() {
		return this.tracing != null;
	}

	/**
	 * A new trace's root span, started (a no-op span when not sampled), or null when off.
	 */
	public Span newTrace(String name) {
		if (this.tracing == null) {
			return null;
		}
		return this.tracing.tracer().newTrace().name(name).start();
	}

	/**
	 * A started child of {@code parent}, a request to {@code remoteService}; null when
	 * the parent is.
	 */
	public Span child(Span parent, String name, Span.Kind kind, String remoteService) {
		if (parent == null) {
			return null;
		}
		Span child = this.tracing.tracer().newChild(parent.context()).name(name).kind(kind);
		if (remoteService != null) {
			child.remoteServiceName(remoteService);
		}
		return child.start();
	}

	/**
	 * The server side of a request: a child of the caller's span when its
	 * {@code traceparent} says so (sampled or not, as the caller decided), else null: a
	 * peer never starts traces of its own.
	 */
	public Span serverSpan(Function<String, String> headers, String name) {
		if (this.tracing == null || headers.apply(TRACEPARENT) == null) {
			return null;
		}
		TraceContextOrSamplingFlags extracted = EXTRACTOR.extract(headers);
		if (extracted.context() == null) {
			return null;
		}
		// a child, not the caller's span id: W3C has no shared client/server spans
		return this.tracing.tracer().nextSpan(extracted).name(name).kind(Span.Kind.SERVER).start();
	}

	/** {@code context} with the {@code traceparent} of {@code span}, for a transport. */
	public static Context carrying(Context context, Span span) {
		if (span == null) {
			return context;
		}
		Map<String, String> headers = new HashMap<>(2);
		INJECTOR.inject(span.context(), headers);
		String traceparent = headers.get(TRACEPARENT);
		return (traceparent != null) ? context.put(TRACEPARENT, traceparent) : context;
	}

	/** Writes the {@code traceparent} of the call's context, if any, as a header. */
	public static void inject(ContextView context, BiConsumer<String, String> header) {
		context.<String>getOrEmpty(TRACEPARENT).ifPresent((value) -> header.accept(TRACEPARENT, value));
	}

	/** Null-safe {@link Span#tag}. */
	public static void tag(Span span, String key, String value) {
		if (span != null && value != null) {
			span.tag(key, value);
		}
	}

	/** Null-safe end of a span, marked as failed when {@code error} is not null. */
	public static void finish(Span span, Throwable error) {
		if (span == null) {
			return;
		}
		if (error != null) {
			span.error(error);
		}
		span.finish();
	}

	/** Null-safe: the span is dropped, never reported (its work was not done). */
	public static void abandon(Span span) {
		if (span != null) {
			span.abandon();
		}
	}

}
