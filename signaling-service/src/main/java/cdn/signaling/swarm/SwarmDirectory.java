package cdn.signaling.swarm;

import java.util.Collection;

import reactor.core.publisher.Mono;

/**
 * Who is connected and which swarms they joined, and the way to a member: this replica's
 * memory ({@link Swarms}), or Redis for members on every replica ({@link RedisSwarms}). A
 * connection calls it one frame at a time, in order.
 */
public interface SwarmDirectory {

	/** A connected peer: where frames for it go. */
	interface Member {

		String peerId();

		/**
		 * Queues a frame for the peer; false if it could not take it (gone, or far
		 * behind).
		 */
		boolean send(String frame);

	}

	/** The outcome of a join. */
	enum Joined {

		JOINED, ALREADY, FULL

	}

	/** The outcome of a relay. */
	enum Delivery {

		DELIVERED, BUSY, FOREIGN, UNKNOWN

	}

	/** Registers a connected peer; false if another connection holds its id. */
	Mono<Boolean> connect(Member member);

	/** The peer left: out of every swarm it joined. */
	Mono<Void> disconnect(Member member, Collection<String> joined);

	Mono<Joined> join(String swarm, Member member);

	Mono<Void> leave(String swarm, Member member);

	/**
	 * Hands {@code frame} to member {@code to} of {@code swarm}, wherever it is
	 * connected.
	 */
	Mono<Delivery> deliver(String swarm, String to, String frame);

	/** Peers connected to this replica. */
	int connections();

	/** Swarms with a member on this replica. */
	int swarms();

}
