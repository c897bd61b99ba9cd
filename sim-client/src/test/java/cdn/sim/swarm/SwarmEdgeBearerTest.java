package cdn.sim.swarm;

import java.util.ArrayList;
import java.util.List;

import cdn.client.route.RoutedTokens;
import cdn.client.route.RouterClient;
import cdn.protocol.routing.Route;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A listener's edge requests carry the token the router issued for the track it plays
 * ({@code /v1/route?peer=&track=}): an edge takes a token only for the track it names.
 */
class SwarmEdgeBearerTest {

	@Test
	void theBearerForEdgesIsAskedForWithTheListenersTrack() {
		List<String> asked = new ArrayList<>();
		RouterClient router = new RouterClient() {

			@Override
			public Mono<Route> route(String region, String track) {
				return route(region, track, null);
			}

			@Override
			public Mono<Route> route(String region, String track, String peer) {
				asked.add(peer + "@" + region + "#" + track);
				return Mono.just(new Route(region, null, track, List.of(), "http://tracker", "ws://signaling")
					.withToken("token-for-" + track, 600));
			}

		};
		RoutedTokens tokens = new RoutedTokens(router);

		assertThat(Swarm.edgeBearer(tokens, "peer-1", "eu-west", "night-drive").get().block())
			.isEqualTo("token-for-night-drive");
		assertThat(asked).containsExactly("peer-1@eu-west#night-drive");
	}

}
