package cdn.edge.web;

import java.time.Clock;

import brave.Tracing;
import cdn.edge.cache.EdgeCache;
import io.netty.channel.ChannelPipeline;
import reactor.netty.NettyPipeline;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts a {@link HitFastPath} in every HTTP/1.1 connection's pipeline, between the HTTP
 * codec and Reactor Netty's HTTP handler. Connections of another shape (HTTP/2) are left
 * as they are: everything they carry takes the normal path.
 */
@Configuration(proxyBeanMethods = false)
class HitFastPathConfiguration {

	@Bean
	NettyServerCustomizer hitFastPath(EdgeCache cache, Clock clock, EdgeTrafficMetrics traffic,
			ObjectProvider<Tracing> tracing) {
		Tracing brave = tracing.getIfAvailable();
		HitTracing hitTracing = (brave != null) ? new HitTracing(brave) : HitTracing.OFF;
		return (server) -> server.doOnChannelInit((observer, channel, remoteAddress) -> {
			ChannelPipeline pipeline = channel.pipeline();
			if (pipeline.get(NettyPipeline.HttpCodec) != null
					&& pipeline.get(NettyPipeline.HttpTrafficHandler) != null) {
				pipeline.addBefore(NettyPipeline.HttpTrafficHandler, HitFastPath.NAME,
						new HitFastPath(cache, clock, traffic, hitTracing));
			}
		});
	}

}
