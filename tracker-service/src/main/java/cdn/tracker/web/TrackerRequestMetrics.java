package cdn.tracker.web;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Counts {@code cdn.tracker.requests} by {@code op=announce|lookup} and a closed set of
 * outcomes, read from the response status so that rejections by the framework (malformed
 * JSON, body too large) count too.
 */
@Component
public class TrackerRequestMetrics implements WebFilter {

	/** Set on a lookup answered empty because the store failed or was too slow. */
	public static final String DEGRADED = TrackerRequestMetrics.class.getName() + ".degraded";

	/** The outcome tag's values. */
	enum Outcome {

		OK, DEGRADED, REJECTED, RATE_LIMITED, UNAVAILABLE, ERROR;

		String tag() {
			return name().toLowerCase(java.util.Locale.ROOT);
		}

	}

	private final MeterRegistry registry;

	private final Map<String, Counter> counters = new ConcurrentHashMap<>();

	TrackerRequestMetrics(MeterRegistry registry) {
		this.registry = registry;
		for (String op : new String[] { "announce", "lookup" }) {
			for (Outcome outcome : Outcome.values()) {
				counter(op, outcome);
			}
		}
	}

	private Counter counter(String op, Outcome outcome) {
		return this.counters.computeIfAbsent(op + outcome.tag(),
				(key) -> Counter.builder("cdn.tracker.requests")
					.description("Tracker requests by operation and outcome")
					.tag("op", op)
					.tag("outcome", outcome.tag())
					.register(this.registry));
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		String op = op(exchange);
		if (op == null) {
			return chain.filter(exchange);
		}
		return chain.filter(exchange)
			.doOnSuccess((done) -> counter(op, outcome(exchange)).increment())
			.doOnError((ex) -> counter(op, Outcome.ERROR).increment());
	}

	private static String op(ServerWebExchange exchange) {
		String path = exchange.getRequest().getPath().value();
		HttpMethod method = exchange.getRequest().getMethod();
		if (path.equals("/v1/announce") && HttpMethod.POST.equals(method)) {
			return "announce";
		}
		if ((path.equals("/v1/peers") && HttpMethod.GET.equals(method))
				|| (path.equals("/v1/peers/lookup") && HttpMethod.POST.equals(method))) {
			return "lookup";
		}
		return null;
	}

	private static Outcome outcome(ServerWebExchange exchange) {
		HttpStatusCode status = exchange.getResponse().getStatusCode();
		if (status == null || status.is2xxSuccessful()) {
			return Boolean.TRUE.equals(exchange.getAttribute(DEGRADED)) ? Outcome.DEGRADED : Outcome.OK;
		}
		return switch (status.value()) {
			case 429 -> Outcome.RATE_LIMITED;
			case 503 -> Outcome.UNAVAILABLE;
			default -> status.is4xxClientError() ? Outcome.REJECTED : Outcome.ERROR;
		};
	}

}
