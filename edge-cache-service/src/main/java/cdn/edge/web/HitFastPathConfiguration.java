package cdn.edge.web;

import java.time.Clock;
import java.util.List;

import brave.Tracing;
import cdn.edge.access.ContentAccess;
import cdn.edge.cache.EdgeCache;
import cdn.kit.web.BrowserCors;
import cdn.protocol.CatalogTrack;
import io.netty.channel.ChannelPipeline;
import reactor.netty.NettyPipeline;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.cors.reactive.CorsWebFilter;

/**
 * Puts a {@link HitFastPath} in every HTTP/1.1 connection's pipeline, between the HTTP
 * codec and Reactor Netty's HTTP handler. Connections of another shape (HTTP/2) are left
 * as they are: everything they carry takes the normal path.
 */
@Configuration(proxyBeanMethods = false)
class HitFastPathConfiguration {

	/**
	 * CORS on the read paths: the web player's page lives on the router's origin
	 * ({@code cdn.cors.allowed-origins}, {@code *} by default). The fast path answers
	 * hits with the same headers.
	 */
	@Bean
	BrowserCors readCors(@Value("${cdn.cors.allowed-origins:*}") List<String> allowedOrigins) {
		return BrowserCors.reads(allowedOrigins);
	}

	@Bean
	CorsWebFilter readPathCors(BrowserCors cors) {
		return cors.filter(CatalogTrack.CATALOG_PATH, "/tracks/**", "/segments/**");
	}

	@Bean
	NettyServerCustomizer hitFastPath(EdgeCache cache, Clock clock, EdgeTrafficMetrics traffic,
			ObjectProvider<Tracing> tracing, BrowserCors cors, ContentAccess access) {
		Tracing brave = tracing.getIfAvailable();
		HitTracing hitTracing = (brave != null) ? new HitTracing(brave) : HitTracing.OFF;
		return (server) -> server.doOnChannelInit((observer, channel, remoteAddress) -> {
			ChannelPipeline pipeline = channel.pipeline();
			if (pipeline.get(NettyPipeline.HttpCodec) != null
					&& pipeline.get(NettyPipeline.HttpTrafficHandler) != null) {
				pipeline.addBefore(NettyPipeline.HttpTrafficHandler, HitFastPath.NAME,
						new HitFastPath(cache, clock, traffic, hitTracing, cors, access));
			}
		});
	}

}
