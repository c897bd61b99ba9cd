package cdn.edge.web;

import java.nio.charset.StandardCharsets;

import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Refuses any request whose target is not a plain path ({@code GET http://host/...},
 * {@code CONNECT host:443}, {@code OPTIONS *}): the edge is a reverse proxy for its own
 * paths, never a forward proxy, so such a request gets a 400 before routing.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class OriginFormFilter implements WebFilter {

	private static final byte[] PROBLEM = ("{\"type\":\"about:blank\",\"title\":\"Bad Request\",\"status\":400,"
			+ "\"detail\":\"request target must be a path: this edge is not a forward proxy\"}")
		.getBytes(StandardCharsets.UTF_8);

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (isOriginForm(exchange.getRequest())) {
			return chain.filter(exchange);
		}
		ServerHttpResponse response = exchange.getResponse();
		response.setStatusCode(HttpStatus.BAD_REQUEST);
		response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
		response.getHeaders().setContentLength(PROBLEM.length);
		return response.writeWith(Mono.just(response.bufferFactory().wrap(PROBLEM)));
	}

	private static boolean isOriginForm(ServerHttpRequest request) {
		try {
			Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request);
			return !(nativeRequest instanceof HttpServerRequest netty) || netty.uri().startsWith("/");
		}
		catch (IllegalArgumentException ex) {
			// not served by Reactor Netty (a mock exchange): nothing to check
			return true;
		}
	}

}
