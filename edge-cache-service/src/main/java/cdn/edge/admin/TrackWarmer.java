package cdn.edge.admin;

import java.util.List;

import cdn.edge.cache.EdgeCache;
import cdn.edge.cache.TrackDemand;
import cdn.edge.config.EdgeProperties;
import cdn.protocol.TrackId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.stereotype.Component;

/**
 * Warming without an operator: pins {@code edge.cache.pinned-tracks} once the edge is
 * ready, and every {@code edge.prefetch.interval} warms the {@code edge.prefetch.top-n}
 * tracks with the most playlist requests since the last round.
 */
@Component
class TrackWarmer implements ApplicationListener<ApplicationReadyEvent>, DisposableBean {

	private static final Logger log = LoggerFactory.getLogger(TrackWarmer.class);

	private final Prefetcher prefetcher;

	private final EdgeCache cache;

	private final TrackDemand demand;

	private final EdgeProperties properties;

	private volatile Disposable schedule;

	TrackWarmer(Prefetcher prefetcher, EdgeCache cache, TrackDemand demand, EdgeProperties properties) {
		this.prefetcher = prefetcher;
		this.cache = cache;
		this.demand = demand;
		this.properties = properties;
	}

	@Override
	public void onApplicationEvent(ApplicationReadyEvent event) {
		List<TrackId> pinned = this.properties.cache().pinnedTracks().stream().map(TrackId::of).toList();
		Flux.fromIterable(pinned)
			.concatMap((trackId) -> this.prefetcher.warm(trackId)
				.doOnNext((warmed) -> this.cache.pin(trackId, warmed.keys()))
				.onErrorResume((error) -> {
					log.warn("Cannot pin track {}: {}", trackId, error.getMessage());
					return Mono.empty();
				}))
			.subscribe();
		int topN = this.properties.prefetch().topN();
		if (topN > 0) {
			this.schedule = Flux.interval(this.properties.prefetch().interval())
				.onBackpressureDrop()
				.concatMap((tick) -> Flux.fromIterable(this.demand.drainTop(topN))
					.concatMap((trackId) -> this.prefetcher.warm(trackId).onErrorResume((error) -> Mono.empty())))
				.subscribe();
		}
	}

	@Override
	public void destroy() {
		Disposable running = this.schedule;
		if (running != null) {
			running.dispose();
		}
	}

}
