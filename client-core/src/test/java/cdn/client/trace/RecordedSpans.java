package cdn.client.trace;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import brave.sampler.Sampler;

/**
 * Brave with every trace sampled and each finished span kept here: what a test reads
 * instead of a Zipkin.
 */
public final class RecordedSpans extends SpanHandler {

	private final Queue<MutableSpan> finished = new ConcurrentLinkedQueue<>();

	/** A tracing (128-bit ids, as W3C needs) that records its spans here. */
	public Tracing tracing() {
		return Tracing.newBuilder().traceId128Bit(true).sampler(Sampler.ALWAYS_SAMPLE).addSpanHandler(this).build();
	}

	/** The spans finished so far. */
	public Queue<MutableSpan> finished() {
		return this.finished;
	}

	@Override
	public boolean end(TraceContext context, MutableSpan span, Cause cause) {
		this.finished.add(span);
		return true;
	}

}
