package cdn.client.route;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import cdn.protocol.routing.Route;
import reactor.core.publisher.Mono;

/**
 * Listener tokens from the router ({@code /v1/route?peer=}, with {@code &track=} for a
 * token for edges), one per peer id, region and track, asked for again once half its
 * lifetime has passed, so that a call never carries one about to expire. A router that
 * issues none is asked once per peer. One entry (about 1 KiB) per peer id, region and
 * track (or none) this process ever used: a listener holds two, one without a track
 * (tracker, signaling) and one with its track (edges).
 */
public final class RoutedTokens implements ListenerTokens {

	private final RouterClient router;

	private final Map<String, Mono<Issued>> issued = new ConcurrentHashMap<>();

	public RoutedTokens(RouterClient router) {
		this.router = router;
	}

	@Override
	public Mono<String> token(String peerId, String region) {
		return token(peerId, region, null);
	}

	/**
	 * The token the router issues with the route of {@code track}: it names the track,
	 * which edges require.
	 */
	@Override
	public Mono<String> token(String peerId, String region, String track) {
		// by region too: a token names the region it was asked for (a call without one
		// gets the region the router places this process in); by track: an edge takes a
		// token only for the track it names
		Mono<Issued> held = this.issued.computeIfAbsent(peerId + "@" + region + "#" + track,
				(key) -> Mono.defer(() -> this.router.route(region, track, peerId))
					.map(Issued::of)
					// asked again when stale; a failed ask is not kept
					.cacheInvalidateIf(Issued::stale));
		return held.flatMap((token) -> Mono.justOrEmpty(token.value()));
	}

	/** A token and when to ask for the next one ({@link System#nanoTime}). */
	private record Issued(String value, long refreshAt) {

		static Issued of(Route route) {
			if (route.token() == null || route.tokenSeconds() == null) {
				return new Issued(null, Long.MAX_VALUE);
			}
			long half = Duration.ofSeconds(route.tokenSeconds()).toNanos() / 2;
			return new Issued(route.token(), System.nanoTime() + half);
		}

		boolean stale() {
			return this.refreshAt != Long.MAX_VALUE && System.nanoTime() - this.refreshAt > 0;
		}

	}

}
