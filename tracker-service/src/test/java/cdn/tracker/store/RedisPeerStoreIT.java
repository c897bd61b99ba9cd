package cdn.tracker.store;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import cdn.protocol.PeerId;
import cdn.tracker.EmbeddedRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The store contract against a real Redis, plus what only a shared store can show:
 * replicas agree, and every key is bounded in time.
 */
class RedisPeerStoreIT extends PeerStoreContract {

	static EmbeddedRedis redis;

	static LettuceConnectionFactory factory;

	static ReactiveStringRedisTemplate template;

	private PeerStore store;

	@BeforeAll
	static void startRedis() {
		redis = EmbeddedRedis.start();
		factory = RedisStoreConfiguration.startedConnectionFactory(redis.properties(Duration.ofSeconds(2)));
		template = new ReactiveStringRedisTemplate(factory);
	}

	@AfterAll
	static void stopRedis() {
		factory.destroy();
		redis.stop();
	}

	@BeforeEach
	void emptyRedis() {
		template.execute((connection) -> connection.serverCommands().flushAll()).blockLast();
		this.store = new RedisPeerStore(template, POLICY, "trk:", 500);
	}

	@Override
	PeerStore store() {
		return this.store;
	}

	@Test
	void replicasSharingOneRedisGiveTheSameAnswers() {
		LettuceConnectionFactory other = RedisStoreConfiguration
			.startedConnectionFactory(redis.properties(Duration.ofSeconds(2)));
		try {
			PeerStore replica = new RedisPeerStore(new ReactiveStringRedisTemplate(other), POLICY, "trk:", 500);
			accept(started("alice", "eu-west", 1, 2), T0);
			SegmentCandidates here = candidates(seg(1), "eu-west", 5, null, T0);
			SegmentCandidates there = replica
				.candidates(new CandidateQuery(List.of(seg(1)), List.of("eu-west"), 5, null), T0)
				.block()
				.get(0);
			assertThat(there).isEqualTo(here);
			assertThat(replica.swarm(cdn.protocol.TrackId.of("night-drive")).block())
				.isEqualTo(this.store.swarm(cdn.protocol.TrackId.of("night-drive")).block());
			assertThat(replica.remove(PeerId.of("alice")).block()).isTrue();
			assertThat(candidates(seg(1), "eu-west", 5, null, T0).availability()).isZero();
		}
		finally {
			other.destroy();
		}
	}

	@Test
	void everyKeyAboutAPeerCarriesATimeToLive() {
		accept(started("alice", "eu-west", 1), T0);
		accept(started("bob", "eu-west"), T0);
		this.store.report(PeerId.of("alice"), PeerId.of("bob"), T0).block();
		for (String key : List.of("trk:p:alice", "trk:h:alice", "trk:rl:alice", "trk:rep:alice", "trk:s:1:eu-west")) {
			assertThat(template.getExpire(key).block()).as(key).isPositive();
		}
	}

	@Test
	void aPeerThatLeavesLeavesNoKeysBehind() {
		accept(started("alice", "eu-west", 1, 2, 3), T0);
		accept(started("bob", "us-east", 2), T0);
		accept(Announcement.stopped(PeerId.of("alice")), T0);
		this.store.expire(T0.plus(LIFETIME).plusSeconds(1)).block();
		Set<String> keys = Set.copyOf(template.keys("trk:*").collectList().block());
		// the limiter windows expire on their own (TTL); the handle counter is one key
		assertThat(keys).containsOnly("trk:seq", "trk:rl:alice", "trk:rl:bob");
	}

}
