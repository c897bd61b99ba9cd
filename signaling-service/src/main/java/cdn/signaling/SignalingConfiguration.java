package cdn.signaling;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import cdn.kit.web.BrowserCors;
import cdn.signaling.config.SignalingProperties;
import cdn.signaling.limits.AddressLimit;
import cdn.signaling.limits.SignalingLimitsProperties;
import cdn.signaling.swarm.RedisSwarms;
import cdn.signaling.swarm.SwarmDirectory;
import cdn.signaling.swarm.Swarms;
import cdn.signaling.tokens.SignalingAuth;
import cdn.signaling.web.SignalHandler;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.server.WebHandler;

/** The WebSocket endpoint and what it shares. */
@Configuration(proxyBeanMethods = false)
class SignalingConfiguration {

	/** Where clients connect. */
	static final String SIGNAL_PATH = "/v1/signal";

	/**
	 * CORS on {@code /v1/ice-servers}: the web player's page lives on the router's origin
	 * ({@code cdn.cors.allowed-origins}, {@code *} by default). The WebSocket needs none.
	 */
	@Bean
	CorsWebFilter iceServersCors(@Value("${cdn.cors.allowed-origins:*}") List<String> allowedOrigins) {
		return BrowserCors.peerApi(allowedOrigins).filter("/v1/ice-servers");
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	/**
	 * This replica's memory, or Redis for members of every replica (closed with the
	 * context: its inferred {@code close}).
	 */
	@Bean
	SwarmDirectory swarmDirectory(SignalingProperties properties) {
		if (properties.store().equals("redis")) {
			SignalingProperties.Redis redis = properties.redis();
			return new RedisSwarms(redis.url(), redis.keyPrefix(), redis.timeout(), properties.maxMembersPerSwarm());
		}
		return new Swarms(properties.maxMembersPerSwarm());
	}

	@Bean
	SignalHandler signalHandler(SignalingProperties properties, SignalingLimitsProperties limits, SwarmDirectory swarms,
			MeterRegistry registry, SignalingAuth auth) {
		return new SignalHandler(properties, limits, swarms, registry, auth);
	}

	/**
	 * Before the annotated controllers: the WebSocket path is this handler's alone. A
	 * client address over its rate ({@link AddressLimit}) gets the kit's 429 problem
	 * instead of the upgrade: the error goes through the same exception handling as a
	 * controller's.
	 */
	@Bean
	HandlerMapping signalMapping(SignalHandler handler, AddressLimit limit) {
		WebSocketService handshakes = new HandshakeWebSocketService();
		WebHandler endpoint = (exchange) -> Mono.defer(() -> {
			limit.check(exchange.getRequest());
			return handshakes.handleRequest(exchange, handler);
		});
		return new SimpleUrlHandlerMapping(Map.of(SIGNAL_PATH, endpoint), -1);
	}

}
