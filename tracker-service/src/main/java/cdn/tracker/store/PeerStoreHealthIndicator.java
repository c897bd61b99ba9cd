package cdn.tracker.store;

import java.time.Duration;

import cdn.tracker.config.TrackerProperties;
import reactor.core.publisher.Mono;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.ReactiveHealthIndicator;
import org.springframework.stereotype.Component;

/**
 * The {@code peerStore} health contributor, part of the readiness group: DOWN when the
 * store does not answer a ping within the store timeout, so that an orchestrator can
 * tell. Lookups keep answering (empty) meanwhile.
 */
@Component
class PeerStoreHealthIndicator implements ReactiveHealthIndicator {

	private final PeerStore store;

	private final String kind;

	private final Duration timeout;

	PeerStoreHealthIndicator(PeerStore store, TrackerProperties properties) {
		this.store = store;
		this.kind = properties.store().name().toLowerCase(java.util.Locale.ROOT);
		this.timeout = properties.redis().timeout();
	}

	@Override
	public Mono<Health> health() {
		return this.store.ping()
			.timeout(this.timeout)
			.then(Mono.fromSupplier(() -> Health.up().withDetail("store", this.kind).build()))
			.onErrorResume((ex) -> Mono.just(Health.down()
				.withDetail("store", this.kind)
				.withDetail("error", ex.getClass().getSimpleName())
				.build()));
	}

}
