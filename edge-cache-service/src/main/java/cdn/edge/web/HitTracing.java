package cdn.edge.web;

import java.util.concurrent.ThreadLocalRandom;

import brave.Span;
import brave.Tracing;
import brave.propagation.TraceContext;
import brave.propagation.TraceContextOrSamplingFlags;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;

/**
 * The span of a hit answered in the Netty pipeline, made only when it will be reported:
 * the request's W3C {@code traceparent} says sampled, or it has none and the edge's
 * sampler ({@code management.tracing.sampling.probability}) picks it. Any other hit costs
 * one header lookup: it makes no request of its own, so an unsampled trace has nothing to
 * pass on. Brave's API directly (the fast path is no observation), with the application's
 * {@link Tracing}: its sampler, propagation and span reporter.
 */
final class HitTracing {

	/** No tracing: {@code management.tracing.enabled=false}. */
	static final HitTracing OFF = new HitTracing(null);

	/** The span of a hit answered here (misses are {@code http get} spans of WebFlux). */
	static final String SPAN_NAME = "edge hit";

	private static final String TRACEPARENT = "traceparent";

	/** {@code 00-<32 hex>-<16 hex>-<2 hex flags>}. */
	private static final int VERSION_00_LENGTH = 55;

	private final Tracing tracing;

	private final TraceContext.Extractor<HttpHeaders> extractor;

	HitTracing(Tracing tracing) {
		this.tracing = tracing;
		this.extractor = (tracing != null) ? tracing.propagation().extractor(HttpHeaders::get) : null;
	}

	/** A started server span for this hit, or null when it is not traced. */
	Span start(HttpRequest request) {
		if (this.tracing == null) {
			return null;
		}
		String traceparent = request.headers().get(TRACEPARENT);
		Span span;
		if (traceparent == null) {
			if (!this.tracing.sampler().isSampled(ThreadLocalRandom.current().nextLong())) {
				return null;
			}
			// a new trace, sampled as the sampler just decided
			span = this.tracing.tracer().nextSpan(TraceContextOrSamplingFlags.SAMPLED);
		}
		else {
			if (traceparent.length() == VERSION_00_LENGTH && !sampledFlag(traceparent)) {
				return null;
			}
			span = this.tracing.tracer().nextSpan(this.extractor.extract(request.headers()));
			if (span.isNoop()) {
				return null;
			}
		}
		return span.kind(Span.Kind.SERVER).name(SPAN_NAME).tag("http.url", request.uri()).start();
	}

	/** Bit 0 of the trace flags, the last two hex digits. */
	static boolean sampledFlag(String traceparent) {
		int flags = Character.digit(traceparent.charAt(traceparent.length() - 1), 16);
		return flags >= 0 && (flags & 1) == 1;
	}

}
