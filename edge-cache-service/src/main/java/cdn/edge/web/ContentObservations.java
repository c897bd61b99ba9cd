package cdn.edge.web;

import cdn.protocol.CatalogTrack;
import cdn.protocol.SegmentName;

import io.micrometer.observation.ObservationPredicate;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;

/**
 * Content requests are counted by {@code cdn.edge.requests} and {@code cdn.edge.bytes};
 * the generic {@code http.server.requests} observation (a timer per URI template, status
 * and outcome) would cost a cache hit about as much as serving it, so it is kept for the
 * admin and actuator endpoints only.
 */
@Configuration(proxyBeanMethods = false)
class ContentObservations {

	@Bean
	ObservationPredicate contentRequestsAreNotObserved() {
		return (name, context) -> !(context instanceof ServerRequestObservationContext server)
				|| !isContentPath(server.getCarrier().getPath().value());
	}

	static boolean isContentPath(String path) {
		return path.startsWith(SegmentName.PATH_PREFIX) || path.startsWith("/tracks/")
				|| path.equals(CatalogTrack.CATALOG_PATH);
	}

}
