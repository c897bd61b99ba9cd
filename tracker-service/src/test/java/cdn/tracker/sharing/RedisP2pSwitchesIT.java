package cdn.tracker.sharing;

import java.time.Duration;

import cdn.tracker.EmbeddedRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link P2pSwitchesContract} on the Redis store, and a switch another replica set
 * (written to the shared Redis) reaching this one within its refresh.
 */
class RedisP2pSwitchesIT extends P2pSwitchesContract {

	static final EmbeddedRedis redis = EmbeddedRedis.start();

	@Autowired
	ReactiveStringRedisTemplate template;

	@DynamicPropertySource
	static void redisStore(DynamicPropertyRegistry registry) {
		registry.add("tracker.store", () -> "redis");
		registry.add("tracker.redis.url", () -> redis.url().toString());
	}

	@AfterAll
	static void stopRedis() {
		redis.stop();
	}

	@Test
	void aSwitchSetAtAnotherReplicaIsAppliedHere() {
		assertThat(announce("r-1", "ap-south", "elsewhere").p2p()).isTrue();
		// another replica's PUT: the same store, not this replica's memory
		new P2pRuleStore(this.template, "trk:p2p-rules").save(java.util.List.of(new P2pRule(null, "ap-south", null, 0)))
			.block();
		await("the switch read from Redis").atMost(Duration.ofSeconds(5))
			.pollInterval(Duration.ofMillis(100))
			.until(() -> !announce("r-1", "ap-south", "elsewhere").p2p());
		assertThat(holders("asker", "ap-south", "elsewhere")).isEmpty();
	}

}
