package cdn.tracker.store;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import cdn.tracker.config.TrackerProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Every sweep interval: removes peers past their lifetime (and limiter and report entries
 * past their time to live), then refreshes the {@code cdn.tracker.peers} gauge per
 * region, and {@code cdn.tracker.store.up} (1 when the sweep reached the store, 0 when it
 * failed: the direct signal of an unreachable Redis). With several replicas each one
 * sweeps; the scripts are atomic, so the second sweep simply finds nothing.
 */
@Component
class StoreJanitor {

	private static final Logger log = LoggerFactory.getLogger(StoreJanitor.class);

	private final PeerStore store;

	private final Clock clock;

	private final MultiGauge peers;

	private final Duration timeout;

	/** 1 while the last sweep reached the store; before the first, assumed up. */
	private final AtomicInteger storeUp = new AtomicInteger(1);

	@Autowired
	StoreJanitor(PeerStore store, Clock clock, MeterRegistry registry, TrackerProperties properties) {
		this(store, clock, registry, properties.announce().sweepInterval().plus(properties.redis().timeout()));
	}

	/**
	 * @param timeout the longest a sweep may wait for the store
	 */
	StoreJanitor(PeerStore store, Clock clock, MeterRegistry registry, Duration timeout) {
		this.store = store;
		this.clock = clock;
		this.peers = MultiGauge.builder("cdn.tracker.peers").description("Active peers").register(registry);
		this.timeout = timeout;
		Gauge.builder("cdn.tracker.store.up", this.storeUp, AtomicInteger::get)
			.description("1 when the last sweep reached the peer store, 0 when it failed")
			.register(registry);
	}

	@Scheduled(fixedDelayString = "${tracker.announce.sweep-interval:5s}",
			initialDelayString = "${tracker.announce.sweep-interval:5s}")
	void sweep() {
		try {
			Integer expired = this.store.expire(this.clock.instant()).block(this.timeout);
			if (expired != null && expired > 0) {
				log.debug("Expired {} silent peers", expired);
			}
			refreshGauges();
			this.storeUp.set(1);
		}
		catch (RuntimeException ex) {
			this.storeUp.set(0);
			log.warn("Peer store sweep failed: {}", ex.toString());
		}
	}

	void refreshGauges() {
		Map<String, Long> byRegion = this.store.peersByRegion().block(this.timeout);
		if (byRegion == null) {
			return;
		}
		List<MultiGauge.Row<?>> rows = byRegion.entrySet()
			.stream().<MultiGauge
					.Row<?>>map((entry) -> MultiGauge.Row.of(Tags.of("region", entry.getKey()), entry.getValue()))
			.toList();
		this.peers.register(rows, true);
	}

}
