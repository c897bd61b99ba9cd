package cdn.tracker.sharing;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * Where the operator's P2P switches live: in this tracker (the embedded store), or in the
 * Redis the replicas share, so that a switch set at one replica reaches them all.
 */
interface P2pRuleStore {

	Mono<List<P2pRule>> load();

	Mono<Void> save(List<P2pRule> rules);

	/** This replica's memory. */
	final class InMemory implements P2pRuleStore {

		private final AtomicReference<List<P2pRule>> rules = new AtomicReference<>(List.of());

		@Override
		public Mono<List<P2pRule>> load() {
			return Mono.fromSupplier(this.rules::get);
		}

		@Override
		public Mono<Void> save(List<P2pRule> rules) {
			return Mono.fromRunnable(() -> this.rules.set(List.copyOf(rules)));
		}

	}

	/** One JSON string in Redis, next to the peer index. */
	final class Redis implements P2pRuleStore {

		private static final JsonMapper JSON = JsonMapper.builder().build();

		private static final TypeReference<List<P2pRule>> RULES = new TypeReference<>() {
		};

		private final ReactiveStringRedisTemplate redis;

		private final String key;

		Redis(ReactiveStringRedisTemplate redis, String key) {
			this.redis = redis;
			this.key = key;
		}

		@Override
		public Mono<List<P2pRule>> load() {
			return this.redis.opsForValue()
				.get(this.key)
				.map((json) -> List.copyOf(JSON.readValue(json, RULES)))
				.defaultIfEmpty(List.of());
		}

		@Override
		public Mono<Void> save(List<P2pRule> rules) {
			return this.redis.opsForValue().set(this.key, JSON.writeValueAsString(rules)).then();
		}

	}

}
