package cdn.edge.web;

import cdn.protocol.CatalogTrack;
import cdn.protocol.SegmentName;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.config.MeterFilterReply;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Content requests are counted by {@code cdn.edge.requests} and {@code cdn.edge.bytes},
 * and upstream fetches by {@code cdn.edge.upstream.fetch}: the generic
 * {@code http.server.requests} timers of content URIs and the
 * {@code http.client.requests} timers are left out of the registry. Their observations
 * still run, for the spans they make: a content request that is not a fast-path hit and
 * the upstream fetch it starts are spans of the listener's trace. Hits answered in the
 * Netty pipeline are traced by {@link HitFastPath} itself.
 */
@Configuration(proxyBeanMethods = false)
class ContentObservations {

	@Bean
	MeterFilter contentRequestTimersAreLeftOut() {
		return new MeterFilter() {
			@Override
			public MeterFilterReply accept(Meter.Id id) {
				String name = id.getName();
				if (name.startsWith("http.client.requests")) {
					return MeterFilterReply.DENY;
				}
				if (name.startsWith("http.server.requests")) {
					String uri = id.getTag("uri");
					return (uri != null && isContentPath(uri)) ? MeterFilterReply.DENY : MeterFilterReply.NEUTRAL;
				}
				return MeterFilterReply.NEUTRAL;
			}
		};
	}

	static boolean isContentPath(String path) {
		return path.startsWith(SegmentName.PATH_PREFIX) || path.startsWith("/tracks/")
				|| path.equals(CatalogTrack.CATALOG_PATH);
	}

}
