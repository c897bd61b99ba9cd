package cdn.edge.status;

import java.util.concurrent.atomic.AtomicInteger;

import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Counts requests in progress, before any other filter (the hit fast path included), so
 * the load the router reads covers every request the edge is carrying.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class EdgeLoad implements WebFilter {

	private final AtomicInteger inflight = new AtomicInteger();

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		this.inflight.incrementAndGet();
		return chain.filter(exchange).doFinally((signal) -> this.inflight.decrementAndGet());
	}

	int inflight() {
		return this.inflight.get();
	}

}
