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

}
