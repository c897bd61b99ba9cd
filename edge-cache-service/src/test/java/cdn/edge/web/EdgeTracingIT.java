package cdn.edge.web;

import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

import brave.Span.Kind;
import brave.handler.MutableSpan;
import brave.handler.SpanHandler;
import brave.propagation.TraceContext;
import cdn.edge.EdgeITSupport;
import cdn.protocol.SegmentName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The edge continues a listener's trace: a miss is a server span with the cache's answer
 * and a child client span whose {@code traceparent} reaches the upstream; a hit answered
 * in the Netty pipeline is a server span too; an unsampled trace is propagated but makes
 * no span.
 */
@Import(EdgeTracingIT.SpansConfiguration.class)
// tests switch tracing off unless told otherwise
@TestPropertySource(properties = { "management.tracing.enabled=true", "management.tracing.export.enabled=true",
		// JSON lines, and a line logged while the request is handled
		"logging.structured.format.console=ecs",
		"logging.level.org.springframework.web.reactive.result.method.annotation=debug" })
@ExtendWith(OutputCaptureExtension.class)
class EdgeTracingIT extends EdgeITSupport {

	private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

	private static final String LISTENER_SPAN = "00f067aa0ba902b7";

	@Autowired
	Spans spans;

	@Test
	void aTracedRequestsLogLinesCarryItsTraceId(CapturedOutput output) {
		String trace = "5bf92f3577b34da6a3ce929d0e0e4736";
		get(UPSTREAM.segment(4096, 8105), "00-" + trace + "-" + LISTENER_SPAN + "-01", "MISS");
		assertThat(output.getOut().lines().filter((line) -> line.contains("\"traceId\":\"" + trace + "\"")))
			.as("JSON log lines of the traced request")
			.isNotEmpty()
			.allSatisfy((line) -> assertThat(line).startsWith("{").contains("\"spanId\":\""));
	}

	@Test
	void aMissIsAServerSpanWithAnUpstreamChildAndTheUpstreamGetsTheTrace() {
		SegmentName segment = UPSTREAM.segment(4096, 8101);
		get(segment, "00-" + TRACE + "-" + LISTENER_SPAN + "-01", "MISS");

		MutableSpan server = await().atMost(Duration.ofSeconds(10))
			.until(() -> this.spans.find(TRACE, Kind.SERVER, LISTENER_SPAN), (span) -> span != null);
		assertThat(server.tag(ContentController.CACHE_TAG)).isEqualTo("MISS");
		MutableSpan upstream = await().atMost(Duration.ofSeconds(10))
			.until(() -> this.spans.find(TRACE, Kind.CLIENT, server.id()), (span) -> span != null);
		assertThat(sentUpstream(segment)).isEqualTo("00-" + TRACE + "-" + upstream.id() + "-01");
	}

	@Test
	void aFastPathHitIsAServerSpanOfTheListenersTrace() {
		SegmentName segment = UPSTREAM.segment(4096, 8102);
		get(segment, null, "MISS");
		String trace = "0af7651916cd43dd8448eb211c80319c";
		String listenerSpan = "b7ad6b7169203331";
		get(segment, "00-" + trace + "-" + listenerSpan + "-01", "HIT");

		MutableSpan hit = await().atMost(Duration.ofSeconds(10))
			.until(() -> this.spans.find(trace, Kind.SERVER, listenerSpan), (span) -> span != null);
		assertThat(hit.name()).isEqualTo(HitTracing.SPAN_NAME);
		assertThat(hit.tag(ContentController.CACHE_TAG)).isEqualTo("HIT");
		assertThat(hit.tag("http.url")).isEqualTo(segment.path());
	}

	@Test
	void anUnsampledTraceIsPropagatedWithoutSpans() {
		SegmentName segment = UPSTREAM.segment(4096, 8103);
		String unsampled = "11111111111111111111111111111111";
		get(segment, "00-" + unsampled + "-" + LISTENER_SPAN + "-00", "MISS");
		get(segment, "00-" + unsampled + "-" + LISTENER_SPAN + "-00", "HIT");
		assertThat(sentUpstream(segment)).startsWith("00-" + unsampled + "-").endsWith("-00");

		// a sampled request after them: once its spans are in, theirs would be too
		String sampled = "22222222222222222222222222222222";
		get(UPSTREAM.segment(4096, 8104), "00-" + sampled + "-" + LISTENER_SPAN + "-01", "MISS");
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.spans.find(sampled, Kind.CLIENT, null), (span) -> span != null);
		assertThat(this.spans.of(unsampled)).isEmpty();
	}

	private void get(SegmentName segment, String traceparent, String cache) {
		this.http.get().uri(segment.path()).headers((headers) -> {
			if (traceparent != null) {
				headers.set("traceparent", traceparent);
			}
		}).exchange().expectStatus().isOk().expectHeader().valueEquals("X-Cache", cache);
	}

	private static String sentUpstream(SegmentName segment) {
		return UPSTREAM.received()
			.stream()
			.filter((request) -> request.uri().equals(segment.path()))
			.map((request) -> request.requestHeaders().get("traceparent"))
			.findFirst()
			.orElseThrow();
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class SpansConfiguration {

		@Bean
		Spans finishedSpans() {
			return new Spans();
		}

	}

	/** Every finished sampled span of the edge. */
	static final class Spans extends SpanHandler {

		private final Queue<MutableSpan> finished = new ConcurrentLinkedQueue<>();

		@Override
		public boolean end(TraceContext context, MutableSpan span, Cause cause) {
			if (cause == Cause.FINISHED) {
				this.finished.add(span);
			}
			return true;
		}

		List<MutableSpan> of(String traceId) {
			return this.finished.stream().filter((span) -> span.traceId().equals(traceId)).toList();
		}

		/** The span of {@code traceId} of that kind under {@code parentId}, or null. */
		MutableSpan find(String traceId, Kind kind, String parentId) {
			return of(traceId).stream()
				.filter((span) -> span.kind() == kind && (parentId == null || parentId.equals(span.parentId())))
				.findFirst()
				.orElse(null);
		}

	}

}
