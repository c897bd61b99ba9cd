package cdn.tracker.swarm;

import java.time.Duration;

import cdn.kit.web.Problems;
import cdn.protocol.TrackId;
import cdn.protocol.tracker.SwarmView;
import cdn.tracker.config.TrackerProperties;
import cdn.tracker.limits.PeerApiLimits;
import cdn.tracker.store.PeerStore;
import reactor.core.publisher.Mono;

import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** Peers per region and availability per rendition; a track nobody plays is empty. */
@RestController
class SwarmController {

	private final PeerStore store;

	private final Duration timeout;

	private final PeerApiLimits limits;

	SwarmController(PeerStore store, TrackerProperties properties, PeerApiLimits limits) {
		this.store = store;
		this.limits = limits;
		this.timeout = properties.redis().timeout();
	}

	@GetMapping("/v1/swarms/{trackId}")
	Mono<SwarmView> swarm(@PathVariable String trackId, ServerHttpRequest request) {
		this.limits.checkAddress(request);
		TrackId id = TrackId.of(trackId);
		return this.store.swarm(id)
			.timeout(this.timeout)
			.onErrorMap((ex) -> Problems.serviceUnavailable("peer store unavailable", Duration.ofSeconds(5)));
	}

}
