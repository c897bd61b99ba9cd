package cdn.origin.web;

import cdn.protocol.SegmentName;
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
 * Counts {@code cdn.origin.bytes} by {@code kind=segment|playlist}: what the origin
 * served, the figure that P2P and edges exist to keep small. Read from the response's
 * {@code Content-Length} so that zero-copy writes stay zero-copy.
 */
@Component
class OriginTrafficMetrics implements WebFilter {

	private final Counter segmentBytes;

	private final Counter playlistBytes;

	OriginTrafficMetrics(MeterRegistry registry) {
		this.segmentBytes = bytes(registry, "segment");
		this.playlistBytes = bytes(registry, "playlist");
	}

	private static Counter bytes(MeterRegistry registry, String kind) {
		return Counter.builder("cdn.origin.bytes")
			.description("Bytes the origin served")
			.baseUnit("bytes")
			.tag("kind", kind)
			.register(registry);
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		return chain.filter(exchange).doOnSuccess((done) -> count(exchange));
	}

	private void count(ServerWebExchange exchange) {
		if (!HttpMethod.GET.equals(exchange.getRequest().getMethod())) {
			return;
		}
		HttpStatusCode status = exchange.getResponse().getStatusCode();
		long length = exchange.getResponse().getHeaders().getContentLength();
		if (status == null || !status.is2xxSuccessful() || length <= 0) {
			return;
		}
		String path = exchange.getRequest().getPath().value();
		if (path.startsWith(SegmentName.PATH_PREFIX)) {
			this.segmentBytes.increment(length);
		}
		else if (path.endsWith(".m3u8")) {
			this.playlistBytes.increment(length);
		}
	}

}
