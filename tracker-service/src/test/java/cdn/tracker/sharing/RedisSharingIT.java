package cdn.tracker.sharing;

import cdn.tracker.EmbeddedRedis;
import org.junit.jupiter.api.AfterAll;

import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@link SharingContract} on the Redis store (a real Redis): tenants and seals hold where
 * tracker replicas share one index.
 */
class RedisSharingIT extends SharingContract {

	static final EmbeddedRedis redis = EmbeddedRedis.start();

	@DynamicPropertySource
	static void redisStore(DynamicPropertyRegistry registry) {
		registry.add("tracker.store", () -> "redis");
		registry.add("tracker.redis.url", () -> redis.url().toString());
	}

	@AfterAll
	static void stopRedis() {
		redis.stop();
	}

}
