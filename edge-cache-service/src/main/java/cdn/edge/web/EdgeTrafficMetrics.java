package cdn.edge.web;

import java.util.EnumMap;
import java.util.Map;

import cdn.edge.config.EdgeProperties;
import cdn.protocol.edge.CacheStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Adds {@code X-Edge-Region} to every response and counts what the cache answered:
 * {@code cdn.edge.requests{region,result}} and {@code cdn.edge.bytes{region,result}},
 * read from {@code X-Cache} and {@code Content-Length} once the response is written.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
class EdgeTrafficMetrics implements WebFilter {

	static final String X_EDGE_REGION = "X-Edge-Region";

	private final String region;

	private final Map<CacheStatus, Counter> requests = new EnumMap<>(CacheStatus.class);

	private final Map<CacheStatus, Counter> bytes = new EnumMap<>(CacheStatus.class);

	EdgeTrafficMetrics(EdgeProperties properties, MeterRegistry registry) {
		this.region = properties.region();
		for (CacheStatus result : CacheStatus.values()) {
			this.requests.put(result,
					Counter.builder("cdn.edge.requests")
						.description("Requests answered from the cache, by outcome")
						.tag("region", this.region)
						.tag("result", result.tag())
						.register(registry));
			this.bytes.put(result,
					Counter.builder("cdn.edge.bytes")
						.description("Body bytes served, by cache outcome")
						.baseUnit("bytes")
						.tag("region", this.region)
						.tag("result", result.tag())
						.register(registry));
		}
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpResponse response = exchange.getResponse();
		response.beforeCommit(() -> {
			response.getHeaders().set(X_EDGE_REGION, this.region);
			return Mono.empty();
		});
		return chain.filter(exchange).doOnSuccess((done) -> count(exchange));
	}

	private void count(ServerWebExchange exchange) {
		String outcome = exchange.getResponse().getHeaders().getFirst(CacheStatus.HEADER);
		if (outcome == null) {
			return;
		}
		CacheStatus result = CacheStatus.parse(outcome);
		if (result == null) {
			return;
		}
		HttpStatusCode status = exchange.getResponse().getStatusCode();
		long length = exchange.getResponse().getHeaders().getContentLength();
		boolean bodySent = HttpMethod.GET.equals(exchange.getRequest().getMethod()) && status != null
				&& status.is2xxSuccessful() && length > 0;
		record(result, bodySent ? length : 0);
	}

	/** Counts one answer and the body bytes it sent (0 for none). */
	void record(CacheStatus result, long bodyBytes) {
		this.requests.get(result).increment();
		if (bodyBytes > 0) {
			this.bytes.get(result).increment(bodyBytes);
		}
	}

	String region() {
		return this.region;
	}

}
