package cdn.tracker.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

class StoreJanitorTest {

	private final AtomicBoolean reachable = new AtomicBoolean(true);

	private final PeerStore memory = new InMemoryPeerStore(PeerStoreContract.POLICY);

	/**
	 * The in-memory store, failing every call as an unreachable Redis does while not
	 * reachable.
	 */
	private final PeerStore store = (PeerStore) Proxy.newProxyInstance(PeerStore.class.getClassLoader(),
			new Class<?>[] { PeerStore.class }, (proxy, method, args) -> {
				if (!this.reachable.get()) {
					return Mono.error(new IllegalStateException("connection refused"));
				}
				try {
					return method.invoke(this.memory, args);
				}
				catch (InvocationTargetException ex) {
					throw ex.getCause();
				}
			});

	@Test
	void storeUpFollowsWhetherTheLastSweepReachedTheStore() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		StoreJanitor janitor = new StoreJanitor(this.store, Clock.systemUTC(), registry, Duration.ofSeconds(1));
		janitor.sweep();
		assertThat(registry.get("cdn.tracker.store.up").gauge().value()).isEqualTo(1);

		this.reachable.set(false);
		janitor.sweep();
		assertThat(registry.get("cdn.tracker.store.up").gauge().value()).isZero();

		this.reachable.set(true);
		janitor.sweep();
		assertThat(registry.get("cdn.tracker.store.up").gauge().value()).isEqualTo(1);
	}

	@Test
	void peersPerRegionAreGaugesUpdatedInPlaceAndAnEmptiedRegionReadsZero() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		StoreJanitor janitor = new StoreJanitor(this.store, Clock.systemUTC(), registry, Duration.ofSeconds(1));
		java.time.Instant now = java.time.Instant.now();
		this.memory.announce(PeerStoreContract.started("a", "eu-west", 1), now).block();
		this.memory.announce(PeerStoreContract.started("b", "eu-west", 1), now).block();
		this.memory
			.announce(PeerStoreContract.started("c", "us-east", 1).inGroup(new HolderGroup("acme", "us-east", "")), now)
			.block();
		janitor.refreshGauges();
		io.micrometer.core.instrument.Gauge euWest = registry.get("cdn.tracker.peers").tag("region", "eu-west").gauge();
		assertThat(euWest.value()).isEqualTo(2);
		assertThat(registry.get("cdn.tracker.peers").tag("region", "us-east").gauge().value()).isEqualTo(1);

		this.memory.remove(cdn.protocol.PeerId.of("a")).block();
		this.memory.remove(cdn.protocol.PeerId.of("b")).block();
		janitor.refreshGauges();
		assertThat(registry.get("cdn.tracker.peers").tag("region", "eu-west").gauge())
			.as("the same gauge, never replaced")
			.isSameAs(euWest);
		assertThat(euWest.value()).isZero();
	}

}
