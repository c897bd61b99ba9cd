package cdn.tracker.store;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import cdn.tracker.config.TrackerProperties;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
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

	private final MeterRegistry registry;

	/** Peers per region, each backing one gauge. */
	private final Map<String, AtomicLong> peers = new ConcurrentHashMap<>();

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
		this.registry = registry;
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

	/**
	 * One gauge per region, registered once and updated in place (a region that empties
	 * reads 0): a MultiGauge that replaces its rows can show a row twice to a concurrent
	 * Prometheus scrape, which then fails (micrometer-metrics/micrometer#6851).
	 */
	void refreshGauges() {
		Map<String, Long> byRegion = this.store.peersByRegion().block(this.timeout);
		if (byRegion == null) {
			return;
		}
		byRegion.forEach((region, count) -> peersGauge(region).set(count));
		this.peers.forEach((region, count) -> {
			if (!byRegion.containsKey(region)) {
				count.set(0);
			}
		});
	}

	private AtomicLong peersGauge(String region) {
		return this.peers.computeIfAbsent(region, (key) -> {
			AtomicLong count = new AtomicLong();
			Gauge.builder("cdn.tracker.peers", count, AtomicLong::get)
				.description("Active peers")
				.tag("region", key)
				.register(this.registry);
			return count;
		});
	}

}
