package cdn.signaling.swarm;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who is connected, and which swarms they joined, on this replica. A swarm is the
 * tracker's: one track in one rendition ({@code trackId/rendition}). Thread-safe: joins
 * and leaves of one swarm are atomic with its size check.
 */
public final class Swarms {

	/** A connected peer: where frames for it go. */
	public interface Member {

		String peerId();

		/**
		 * Queues a frame for the peer; false if it could not take it (gone, or far
		 * behind).
		 */
		boolean send(String frame);

	}

	/** The outcome of a join. */
	public enum Joined {

		JOINED, ALREADY, FULL

	}

	private final Map<String, Map<String, Member>> swarms = new ConcurrentHashMap<>();

	private final Map<String, Member> connected = new ConcurrentHashMap<>();

	private final int maxMembers;

	public Swarms(int maxMembersPerSwarm) {
		this.maxMembers = maxMembersPerSwarm;
	}

	/** Registers a connected peer; false if another connection holds its id. */
	public boolean connect(Member member) {
		return this.connected.putIfAbsent(member.peerId(), member) == null;
	}

	/** The peer left: out of every swarm it joined. */
	public void disconnect(Member member, Iterable<String> joined) {
		for (String swarm : joined) {
			leave(swarm, member);
		}
		this.connected.remove(member.peerId(), member);
	}

	public Joined join(String swarm, Member member) {
		Joined[] outcome = new Joined[1];
		this.swarms.compute(swarm, (key, members) -> {
			Map<String, Member> current = (members != null) ? members : new ConcurrentHashMap<>();
			if (current.get(member.peerId()) == member) {
				outcome[0] = Joined.ALREADY;
			}
			else if (current.size() >= this.maxMembers) {
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

	public void leave(String swarm, Member member) {
		this.swarms.computeIfPresent(swarm, (key, members) -> {
			members.remove(member.peerId(), member);
			return members.isEmpty() ? null : members;
		});
	}

	/** The member {@code peerId} of {@code swarm}, if it is one. */
	public Optional<Member> member(String swarm, String peerId) {
		Map<String, Member> members = this.swarms.get(swarm);
		return Optional.ofNullable((members != null) ? members.get(peerId) : null);
	}

	/** Whether {@code peerId} is connected here at all. */
	public boolean isConnected(String peerId) {
		return this.connected.containsKey(peerId);
	}

	public int connections() {
		return this.connected.size();
	}

	public int swarms() {
		return this.swarms.size();
	}

}
