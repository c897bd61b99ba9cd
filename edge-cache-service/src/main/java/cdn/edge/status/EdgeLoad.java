package cdn.edge.status;

import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Counts requests in progress, before any other filter (the hit fast path included), so
 * the load the router reads covers every request the edge is carrying. Published as the
 * gauge {@code cdn.edge.inflight}.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class EdgeLoad implements WebFilter {

	private final AtomicInteger inflight = new AtomicInteger();

	EdgeLoad(MeterRegistry registry) {
		Gauge.builder("cdn.edge.inflight", this.inflight, AtomicInteger::get)
			.description("Requests in progress (the router's load figure is this over max-inflight)")
			.register(registry);
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		this.inflight.incrementAndGet();
		return chain.filter(exchange).doFinally((signal) -> this.inflight.decrementAndGet());
	}

	int inflight() {
		return this.inflight.get();
	}

}
