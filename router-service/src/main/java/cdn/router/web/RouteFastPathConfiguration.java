package cdn.router.web;

import cdn.kit.signedurl.SignedUrlGate;
import cdn.router.config.RouterProperties;
import cdn.router.routing.EdgeRouter;
import cdn.router.takedown.TakenDownTracks;
import io.netty.channel.ChannelPipeline;
import reactor.netty.NettyPipeline;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Puts a {@link RouteFastPath} in every HTTP/1.1 connection's pipeline, between the HTTP
 * codec and Reactor Netty's HTTP handler. Connections of another shape (HTTP/2) are left
 * as they are: everything they carry takes the controller.
 */
@Configuration(proxyBeanMethods = false)
class RouteFastPathConfiguration {

	@Bean
	NettyServerCustomizer routeFastPath(EdgeRouter router, JsonMapper json, RouterProperties properties,
			SignedUrlGate signatures, TakenDownTracks takenDown) {
		String tracker = properties.tracker().toString();
		String signaling = properties.signaling().toString();
		return (server) -> server.doOnChannelInit((observer, channel, remoteAddress) -> {
			ChannelPipeline pipeline = channel.pipeline();
			if (pipeline.get(NettyPipeline.HttpCodec) != null
					&& pipeline.get(NettyPipeline.HttpTrafficHandler) != null) {
				pipeline.addBefore(NettyPipeline.HttpTrafficHandler, RouteFastPath.NAME,
						new RouteFastPath(router, json, tracker, signaling, signatures, takenDown));
			}
		});
	}

}
