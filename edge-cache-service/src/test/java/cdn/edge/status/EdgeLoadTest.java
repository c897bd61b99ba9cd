package cdn.edge.status;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;
import org.springframework.mock.web.server.MockServerWebExchange;

import static org.assertj.core.api.Assertions.assertThat;

class EdgeLoadTest {

	@Test
	void theInflightGaugeCountsRequestsInProgress() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		EdgeLoad load = new EdgeLoad(registry);
		MockServerWebExchange exchange = MockServerWebExchange.from(MockServerHttpRequest.get("/segments/x.m4s"));

		Disposable first = load.filter(exchange, (ex) -> Mono.never()).subscribe();
		Disposable second = load.filter(exchange, (ex) -> Mono.never()).subscribe();
		assertThat(registry.get("cdn.edge.inflight").gauge().value()).isEqualTo(2);

		first.dispose();
		second.dispose();
		assertThat(registry.get("cdn.edge.inflight").gauge().value()).isZero();
	}

}
