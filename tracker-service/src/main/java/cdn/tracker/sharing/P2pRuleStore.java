package cdn.tracker.sharing;

import java.util.List;

import reactor.core.publisher.Mono;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

/**
 * The operator's P2P switches in the Redis the tracker replicas share: one JSON string
 * next to the peer index, so that a switch set at one replica reaches them all.
 */
final class P2pRuleStore {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final TypeReference<List<P2pRule>> RULES = new TypeReference<>() {
	};

	private final ReactiveStringRedisTemplate redis;

	private final String key;

	P2pRuleStore(ReactiveStringRedisTemplate redis, String key) {
		this.redis = redis;
		this.key = key;
	}

	Mono<List<P2pRule>> load() {
		return this.redis.opsForValue()
			.get(this.key)
			.map((json) -> List.copyOf(JSON.readValue(json, RULES)))
			.defaultIfEmpty(List.of());
	}

	Mono<Void> save(List<P2pRule> rules) {
		return this.redis.opsForValue().set(this.key, JSON.writeValueAsString(rules)).then();
	}

}
