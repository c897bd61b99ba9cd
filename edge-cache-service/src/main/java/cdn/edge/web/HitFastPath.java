package cdn.edge.web;

import java.time.Clock;

import cdn.edge.cache.CacheResult;
import cdn.edge.cache.CachedObject;
import cdn.edge.cache.EdgeCache;
import reactor.core.publisher.Mono;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Answers the most common request, a plain {@code GET} of a fresh object held in memory,
 * without going through handler mapping and the controller: the cached bytes are written
 * as they are. Anything else (a miss, a stale copy, {@code HEAD}, {@code Range},
 * conditional requests, a path that is not exactly a cache key) goes on to
 * {@link ContentController}, which gives the same answer the long way.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 2)
class HitFastPath implements WebFilter {

	private final EdgeCache cache;

	private final Clock clock;

	HitFastPath(EdgeCache cache, Clock clock) {
		this.cache = cache;
		this.clock = clock;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		ServerHttpRequest request = exchange.getRequest();
		if (!HttpMethod.GET.equals(request.getMethod()) || isConditionalOrPartial(request.getHeaders())) {
			return chain.filter(exchange);
		}
		CachedObject object = this.cache.peekFresh(request.getPath().value());
		if (object == null) {
			return chain.filter(exchange);
		}
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(HttpStatus.OK);
		HttpHeaders headers = response.getHeaders();
		headers.set(HttpHeaders.CONTENT_TYPE, object.contentType());
		headers.set(HttpHeaders.ETAG, object.etag());
		headers.set(ContentController.X_CACHE, CacheResult.HIT.name());
		headers.set(HttpHeaders.AGE, Long.toString(object.age(this.clock.instant()).toSeconds()));
		if (object.cacheControl() != null) {
			headers.set(HttpHeaders.CACHE_CONTROL, object.cacheControl());
		}
		if (object.path().isSegment()) {
			headers.set(HttpHeaders.ACCEPT_RANGES, "bytes");
		}
		headers.setContentLength(object.body().length);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(object.body())));
	}

	private static boolean isConditionalOrPartial(HttpHeaders headers) {
		return headers.getFirst(HttpHeaders.RANGE) != null || headers.getFirst(HttpHeaders.IF_NONE_MATCH) != null
				|| headers.getFirst(HttpHeaders.IF_MODIFIED_SINCE) != null
				|| headers.getFirst(HttpHeaders.IF_MATCH) != null || headers.getFirst(HttpHeaders.IF_RANGE) != null;
	}

}
