package cdn.tracker.store;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import cdn.protocol.PeerId;
import cdn.protocol.SegmentId;
import cdn.tracker.EmbeddedRedis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.ValueEncoding;
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
				.candidates(new CandidateQuery(List.of(seg(1)), List.of("eu-west"), 5, null, EU_VIEWER), T0)
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
		String handle = template.<String, String>opsForHash().get("trk:v2:pid", "alice").block();
		assertThat(handle).isNotNull();
		for (String key : List.of("trk:v2:p:" + handle, "trk:v2:h:alice", "trk:v2:rl:alice", "trk:v2:rep:alice",
				"trk:v2:s:1:eu-west")) {
			assertThat(template.getExpire(key).block()).as(key).isPositive();
		}
	}

	@Test
	void segmentSetsHoldThePeersIntegerHandlesAsAnIntset() {
		accept(started("alice", "eu-west", 1), T0);
		accept(started("bob", "eu-west", 1), T0);
		String alice = template.<String, String>opsForHash().get("trk:v2:pid", "alice").block();
		String bob = template.<String, String>opsForHash().get("trk:v2:pid", "bob").block();
		assertThat(List.of(alice, bob)).allMatch((handle) -> handle.matches("[1-9][0-9]*")).doesNotHaveDuplicates();
		String set = segmentSet(seg(1), "eu-west");
		assertThat(template.opsForSet().members(set).collectList().block()).containsExactlyInAnyOrder(alice, bob);
		// 4 bytes a member instead of a ~70-byte hash-table entry of a 22-character id
		assertThat(template
			.execute((connection) -> connection.keyCommands()
				.encodingOf(ByteBuffer.wrap(set.getBytes(StandardCharsets.UTF_8))))
			.blockLast()).isEqualTo(ValueEncoding.RedisValueEncoding.INTSET);
		assertThat(candidates(seg(1), "eu-west", 5, "alice", T0).candidates()).extracting(Candidate::peerId)
			.containsExactly("bob");
	}

	/**
	 * The key of the set of peers of a region holding a segment (by the segment's
	 * handle).
	 */
	private static String segmentSet(SegmentId segment, String region) {
		String handle = template.<String, String>opsForHash().get("trk:v2:sid", segment.value()).block();
		assertThat(handle).as("handle of " + segment).isNotNull();
		return "trk:v2:s:" + handle + ":" + region;
	}

	@Test
	void aPeerThatComesBackKeepsItsHandleAndOneThatLeftGetsANewOne() {
		accept(started("alice", "eu-west", 1), T0);
		String first = template.<String, String>opsForHash().get("trk:v2:pid", "alice").block();
		accept(started("alice", "eu-west", 1, 2), T0.plusSeconds(1));
		assertThat(template.<String, String>opsForHash().get("trk:v2:pid", "alice").block()).isEqualTo(first);
		accept(Announcement.stopped(PeerId.of("alice")), T0.plusSeconds(2));
		assertThat(template.<String, String>opsForHash().get("trk:v2:pid", "alice").block()).isNull();
		assertThat(template.hasKey("trk:v2:p:" + first).block()).isFalse();
		accept(started("alice", "us-east", 2), T0.plusSeconds(3));
		String second = template.<String, String>opsForHash().get("trk:v2:pid", "alice").block();
		assertThat(second).isNotEqualTo(first);
		assertThat(template.opsForSet().members(segmentSet(seg(2), "us-east")).collectList().block())
			.containsExactly(second);
		assertThat(candidates(seg(2), "us-east", 5, null, T0.plusSeconds(3)).candidates()).extracting(Candidate::peerId)
			.containsExactly("alice");
	}

	@Test
	void aPeerThatLeavesLeavesNoKeysBehind() {
		accept(started("alice", "eu-west", 1, 2, 3), T0);
		accept(started("bob", "us-east", 2), T0);
		accept(Announcement.stopped(PeerId.of("alice")), T0);
		this.store.expire(T0.plus(LIFETIME).plusSeconds(1)).block();
		Set<String> keys = Set.copyOf(template.keys("trk:*").collectList().block());
		// the limiter windows expire on their own (TTL); the handle counters are one key
		// each
		assertThat(keys).containsOnly("trk:v2:seq", "trk:v2:pseq", "trk:v2:rl:alice", "trk:v2:rl:bob");
	}

}
