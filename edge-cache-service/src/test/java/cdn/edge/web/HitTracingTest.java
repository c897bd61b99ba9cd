package cdn.edge.web;

import java.util.ArrayList;
import java.util.List;

import brave.Span;
import brave.Tracing;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import brave.sampler.Sampler;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A fast-path hit makes a span only when its trace is sampled: by the listener's
 * {@code traceparent}, or by the edge's sampler when there is none.
 */
class HitTracingTest {

	private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

	private final List<MutableSpan> reported = new ArrayList<>();

	@Test
	void aSampledTraceparentMakesAChildSpanWhateverTheEdgesSampler() {
		try (Tracing tracing = tracing(Sampler.NEVER_SAMPLE)) {
			finish(new HitTracing(tracing).start(request("00-" + TRACE + "-00f067aa0ba902b7-01")));
		}
		assertThat(this.reported).singleElement().satisfies((span) -> {
			assertThat(span.traceId()).isEqualTo(TRACE);
			assertThat(span.parentId()).isEqualTo("00f067aa0ba902b7");
			assertThat(span.kind()).isEqualTo(Span.Kind.SERVER);
			assertThat(span.name()).isEqualTo(HitTracing.SPAN_NAME);
			assertThat(span.tag("http.url")).isEqualTo("/segments/x.m4s");
		});
	}

	@Test
	void anUnsampledTraceparentMakesNoneEvenWhereTheEdgeWouldSample() {
		try (Tracing tracing = tracing(Sampler.ALWAYS_SAMPLE)) {
			HitTracing hits = new HitTracing(tracing);
			assertThat(hits.start(request("00-" + TRACE + "-00f067aa0ba902b7-00"))).isNull();
			assertThat(hits.start(request("00-" + TRACE + "-00f067aa0ba902b7-02"))).isNull();
		}
		assertThat(this.reported).isEmpty();
	}

	@Test
	void aMalformedTraceparentCountsAsNone() {
		try (Tracing never = tracing(Sampler.NEVER_SAMPLE)) {
			assertThat(new HitTracing(never).start(request("not a traceparent"))).isNull();
		}
		try (Tracing always = tracing(Sampler.ALWAYS_SAMPLE)) {
			finish(new HitTracing(always).start(request("not a traceparent")));
		}
		assertThat(this.reported).singleElement().satisfies((span) -> assertThat(span.parentId()).isNull());
	}

	@Test
	void withoutATraceparentTheEdgesSamplerDecides() {
		try (Tracing never = tracing(Sampler.NEVER_SAMPLE)) {
			assertThat(new HitTracing(never).start(request(null))).isNull();
		}
		try (Tracing always = tracing(Sampler.ALWAYS_SAMPLE)) {
			finish(new HitTracing(always).start(request(null)));
		}
		assertThat(this.reported).singleElement().satisfies((span) -> assertThat(span.parentId()).isNull());
	}

	@Test
	void offMakesNone() {
		assertThat(HitTracing.OFF.start(request("00-" + TRACE + "-00f067aa0ba902b7-01"))).isNull();
	}

	private Tracing tracing(Sampler sampler) {
		return Tracing.newBuilder()
			.traceId128Bit(true)
			.sampler(sampler)
			.propagationFactory(new io.micrometer.tracing.brave.bridge.W3CPropagation())
			.addSpanHandler(new SpanHandler() {
				@Override
				public boolean end(TraceContext context, MutableSpan span, Cause cause) {
					HitTracingTest.this.reported.add(span);
					return true;
				}
			})
			.build();
	}

	private static void finish(Span span) {
		assertThat(span).isNotNull();
		span.finish();
	}

	private static HttpRequest request(String traceparent) {
		HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/segments/x.m4s");
		if (traceparent != null) {
			request.headers().set("traceparent", traceparent);
		}
		return request;
	}

}
