package cdn.signaling.swarm;

import java.time.Duration;
import java.util.Collection;
import java.util.UUID;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SetArgs;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The members of every replica, through Redis: a peer id is claimed with {@code SET
 * {prefix}peer:{id} {replica} NX EX 60} (so it is unique across replicas, and a dead
 * replica's peers expire), a swarm is the set {@code {prefix}swarm:{swarm}} (joined by
 * one script that checks the member limit), and a relay to a member of another replica is
 * published on that replica's channel {@code {prefix}replica:{replica}}. Members of this
 * replica are reached directly, without Redis.
 */
public final class RedisSwarms implements SwarmDirectory, AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(RedisSwarms.class);

	/** How long a peer id stays claimed without a refresh (a replica that died). */
	static final Duration PEER_TTL = Duration.ofSeconds(60);

	private static final Duration REFRESH_EVERY = PEER_TTL.dividedBy(3);

	/** 0 joined, 1 already a member, 2 full. */
	private static final String JOIN = """
			if redis.call('SISMEMBER', KEYS[1], ARGV[1]) == 1 then return 1 end
			if redis.call('SCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 2 end
			redis.call('SADD', KEYS[1], ARGV[1])
			return 0""";

	/** Deletes a peer's claim only if this replica holds it. */
	private static final String RELEASE = """
			if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
			return 0""";

	private final Swarms local;

	private final int maxMembers;

	private final String prefix;

	private final String replica = UUID.randomUUID().toString();

	private final RedisClient client;

	private final StatefulRedisConnection<String, String> connection;

	private final RedisReactiveCommands<String, String> redis;

	private final StatefulRedisPubSubConnection<String, String> pubsub;

	private final Disposable inbox;

	private final Disposable refresher;

	public RedisSwarms(String url, String prefix, Duration timeout, int maxMembersPerSwarm) {
		this.local = new Swarms(Integer.MAX_VALUE);
		this.maxMembers = maxMembersPerSwarm;
		this.prefix = prefix;
		this.client = RedisClient.create(RedisURI.create(url));
		this.client.setOptions(ClientOptions.builder()
			.autoReconnect(true)
			.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
			.timeoutOptions(TimeoutOptions.enabled(timeout))
			.build());
		this.connection = this.client.connect();
		this.redis = this.connection.reactive();
		this.pubsub = this.client.connectPubSub();
		this.inbox = this.pubsub.reactive().observeChannels().subscribe((message) -> takeRelay(message.getMessage()));
		this.pubsub.sync().subscribe(channel(this.replica));
		this.refresher = Flux.interval(REFRESH_EVERY)
			.concatMap((tick) -> Flux.fromIterable(this.local.connectedIds())
				.flatMap((peerId) -> this.redis.expire(peerKey(peerId), PEER_TTL.toSeconds()), 16)
				.onErrorResume((error) -> {
					log.warn("Could not refresh the peer claims in Redis: {}", error.getMessage());
					return Mono.empty();
				}))
			.subscribe();
	}

	@Override
	public Mono<Boolean> connect(Member member) {
		return this.redis.set(peerKey(member.peerId()), this.replica, SetArgs.Builder.nx().ex(PEER_TTL.toSeconds()))
			.map((ok) -> this.local.connectHere(member))
			.defaultIfEmpty(false);
	}

	@Override
	public Mono<Void> disconnect(Member member, Collection<String> joined) {
		this.local.disconnectHere(member, joined);
		return Flux.fromIterable(joined)
			.flatMap((swarm) -> this.redis.srem(swarmKey(swarm), member.peerId()))
			.then(this.redis
				.<Long>eval(RELEASE, ScriptOutputType.INTEGER, new String[] { peerKey(member.peerId()) }, this.replica)
				.then());
	}

	@Override
	public Mono<Joined> join(String swarm, Member member) {
		return this.redis
			.<Long>eval(JOIN, ScriptOutputType.INTEGER, new String[] { swarmKey(swarm) }, member.peerId(),
					Integer.toString(this.maxMembers))
			.next()
			.map((outcome) -> {
				Joined joined = switch (outcome.intValue()) {
					case 0 -> Joined.JOINED;
					case 1 -> Joined.ALREADY;
					default -> Joined.FULL;
				};
				if (joined != Joined.FULL) {
					// the limit was checked across replicas in Redis
					this.local.joinHere(swarm, member, Integer.MAX_VALUE);
				}
				return joined;
			});
	}

	@Override
	public Mono<Void> leave(String swarm, Member member) {
		this.local.leaveHere(swarm, member);
		return this.redis.srem(swarmKey(swarm), member.peerId()).then();
	}

	@Override
	public Mono<Delivery> deliver(String swarm, String to, String frame) {
		Delivery here = this.local.deliverHere(swarm, to, frame);
		if (here != null) {
			return Mono.just(here);
		}
		return this.redis.get(peerKey(to))
			.flatMap((replica) -> this.redis.sismember(swarmKey(swarm), to).flatMap((member) -> {
				if (!member) {
					return Mono.just(Delivery.FOREIGN);
				}
				return this.redis.publish(channel(replica), swarm + "\n" + to + "\n" + frame)
					.map((receivers) -> (receivers > 0) ? Delivery.DELIVERED : Delivery.UNKNOWN);
			}))
			.defaultIfEmpty(Delivery.UNKNOWN);
	}

	/** A relay published for a member of this replica. */
	private void takeRelay(String message) {
		int first = message.indexOf('\n');
		int second = message.indexOf('\n', first + 1);
		if (first < 0 || second < 0) {
			return;
		}
		this.local.deliverHere(message.substring(0, first), message.substring(first + 1, second),
				message.substring(second + 1));
	}

	@Override
	public int connections() {
		return this.local.connections();
	}

	@Override
	public int swarms() {
		return this.local.swarms();
	}

	private String peerKey(String peerId) {
		return this.prefix + "peer:" + peerId;
	}

	private String swarmKey(String swarm) {
		return this.prefix + "swarm:" + swarm;
	}

	private String channel(String replica) {
		return this.prefix + "replica:" + replica;
	}

	@Override
	public void close() {
		this.refresher.dispose();
		this.inbox.dispose();
		this.pubsub.close();
		this.connection.close();
		this.client.shutdown();
	}

}
