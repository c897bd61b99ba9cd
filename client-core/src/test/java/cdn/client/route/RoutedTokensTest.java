package cdn.client.route;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import cdn.protocol.routing.Route;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

class RoutedTokensTest {

	/** A router that issues {@code token-N} for every route asked with a peer. */
	static class CountingRouter implements RouterClient {

		final List<String> asked = new ArrayList<>();

		final Long seconds;

		CountingRouter(Long seconds) {
			this.seconds = seconds;
		}

		@Override
		public Mono<Route> route(String region, String track) {
			return route(region, track, null);
		}

		@Override
		public Mono<Route> route(String region, String track, String peer) {
			return Mono.fromSupplier(() -> {
				this.asked.add(peer + "@" + region + ((track != null) ? "#" + track : ""));
				Route route = new Route(region, null, track, List.of(), "http://tracker", "ws://signaling");
				return (this.seconds == null) ? route : route.withToken("token-" + this.asked.size(), this.seconds);
			});
		}

	}

	@Test
	void aPeersTokenIsAskedForOnceWhileItIsFreshAndEachPeerAndRegionHasItsOwn() {
		CountingRouter router = new CountingRouter(600L);
		RoutedTokens tokens = new RoutedTokens(router);

		assertThat(tokens.token("a", "eu-west").block()).isEqualTo("token-1");
		assertThat(tokens.token("a", "eu-west").block()).isEqualTo("token-1");
		assertThat(tokens.token("b", "us-east").block()).isEqualTo("token-2");
		assertThat(tokens.token("a", null).block()).as("the region the router places it in").isEqualTo("token-3");
		assertThat(router.asked).containsExactly("a@eu-west", "b@us-east", "a@null");
	}

	@Test
	void aTokenForEdgesIsAskedWithTheTrackAndHeldApartFromTheOneForNoTrack() {
		CountingRouter router = new CountingRouter(600L);
		RoutedTokens tokens = new RoutedTokens(router);

		assertThat(tokens.token("a", "eu-west").block()).as("tracker, signaling").isEqualTo("token-1");
		assertThat(tokens.token("a", "eu-west", "night-drive").block()).as("edges").isEqualTo("token-2");
		assertThat(tokens.token("a", "eu-west", "night-drive").block()).isEqualTo("token-2");
		assertThat(tokens.token("a", "eu-west", "day-break").block()).isEqualTo("token-3");
		assertThat(tokens.token("a", "eu-west", null).block()).isEqualTo("token-1");
		assertThat(router.asked).containsExactly("a@eu-west", "a@eu-west#night-drive", "a@eu-west#day-break");
	}

	@Test
	void tokensWithoutATrackAreTheDefaultForATrack() {
		ListenerTokens fixed = (peerId, region) -> Mono.just("tok-" + peerId);
		assertThat(fixed.token("a", "eu-west", "night-drive").block()).isEqualTo("tok-a");
		assertThat(ListenerTokens.NONE.token("a", "eu-west", "night-drive").blockOptional()).isEmpty();
	}

	@Test
	void aTokenPastHalfItsLifetimeIsAskedForAgain() {
		// a lifetime of 0 s: stale at once
		CountingRouter router = new CountingRouter(0L);
		RoutedTokens tokens = new RoutedTokens(router);

		assertThat(tokens.token("a", "eu-west").block()).isEqualTo("token-1");
		assertThat(tokens.token("a", "eu-west").block()).isEqualTo("token-2");
	}

	@Test
	void aRouterThatIssuesNoTokenIsAskedOncePerPeer() {
		CountingRouter router = new CountingRouter(null);
		RoutedTokens tokens = new RoutedTokens(router);

		assertThat(tokens.token("a", "eu-west").blockOptional()).isEmpty();
		assertThat(tokens.token("a", "eu-west").blockOptional()).isEmpty();
		assertThat(router.asked).containsExactly("a@eu-west");
	}

	@Test
	void aFailedAskIsNotKept() {
		AtomicInteger failures = new AtomicInteger(1);
		CountingRouter flaky = new CountingRouter(600L) {
			@Override
			public Mono<Route> route(String region, String track, String peer) {
				return (failures.getAndDecrement() > 0) ? Mono.error(new IllegalStateException("router answered 503"))
						: super.route(region, track, peer);
			}
		};
		RoutedTokens tokens = new RoutedTokens(flaky);

		assertThat(tokens.token("a", "eu-west").onErrorReturn("failed").block()).isEqualTo("failed");
		assertThat(tokens.token("a", "eu-west").block()).isEqualTo("token-1");
		assertThat(flaky.asked).containsExactly("a@eu-west");
	}

}
