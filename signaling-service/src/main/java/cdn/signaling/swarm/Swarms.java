package cdn.signaling.swarm;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import reactor.core.publisher.Mono;

/**
 * This replica's members, in memory: the whole directory of a single replica, and the
 * local part of {@link RedisSwarms}. Thread-safe: joins and leaves of one swarm are
 * atomic with its size check.
 */
public final class Swarms implements SwarmDirectory {

	private final Map<String, Map<String, Member>> swarms = new ConcurrentHashMap<>();

	private final Map<String, Member> connected = new ConcurrentHashMap<>();

	private final int maxMembers;

	public Swarms(int maxMembersPerSwarm) {
		this.maxMembers = maxMembersPerSwarm;
	}

	@Override
	public Mono<Boolean> connect(Member member) {
		return Mono.just(connectHere(member));
	}

	boolean connectHere(Member member) {
		return this.connected.putIfAbsent(member.peerId(), member) == null;
	}

	@Override
	public Mono<Void> disconnect(Member member, Collection<String> joined) {
		return Mono.fromRunnable(() -> disconnectHere(member, joined));
	}

	void disconnectHere(Member member, Collection<String> joined) {
		for (String swarm : joined) {
			leaveHere(swarm, member);
		}
		this.connected.remove(member.peerId(), member);
	}

	@Override
	public Mono<Joined> join(String swarm, Member member) {
		return Mono.just(joinHere(swarm, member, this.maxMembers));
	}

	Joined joinHere(String swarm, Member member, int limit) {
		Joined[] outcome = new Joined[1];
		this.swarms.compute(swarm, (key, members) -> {
			Map<String, Member> current = (members != null) ? members : new ConcurrentHashMap<>();
			if (current.get(member.peerId()) == member) {
				outcome[0] = Joined.ALREADY;
			}
			else if (current.size() >= limit) {
				outcome[0] = Joined.FULL;
			}
			else {
				current.put(member.peerId(), member);
				outcome[0] = Joined.JOINED;
			}
			return current.isEmpty() ? null : current;
		});
		return outcome[0];
	}

	@Override
	public Mono<Void> leave(String swarm, Member member) {
		return Mono.fromRunnable(() -> leaveHere(swarm, member));
	}

	void leaveHere(String swarm, Member member) {
		this.swarms.computeIfPresent(swarm, (key, members) -> {
			members.remove(member.peerId(), member);
			return members.isEmpty() ? null : members;
		});
	}

	@Override
	public Mono<Delivery> deliver(String swarm, String to, String frame) {
		Delivery local = deliverHere(swarm, to, frame);
		return Mono
			.just((local != null) ? local : this.connected.containsKey(to) ? Delivery.FOREIGN : Delivery.UNKNOWN);
	}

	/** Delivers to a member of this replica; {@code null} if it is none here. */
	Delivery deliverHere(String swarm, String to, String frame) {
		Map<String, Member> members = this.swarms.get(swarm);
		Member target = (members != null) ? members.get(to) : null;
		if (target == null) {
			return null;
		}
		return target.send(frame) ? Delivery.DELIVERED : Delivery.BUSY;
	}

	/** The peers connected to this replica. */
	Collection<String> connectedIds() {
		return this.connected.keySet();
	}

	@Override
	public int connections() {
		return this.connected.size();
	}

	@Override
	public int swarms() {
		return this.swarms.size();
	}

}
