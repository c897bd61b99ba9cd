package cdn.protocol.tracker;

/**
 * Answer to an announce.
 *
 * @param intervalSeconds when to announce again at the latest (jittered so that peers
 * that joined together do not announce together)
 * @param p2p {@code false}: the operator switched P2P off for this listener (its tenant,
 * region or track, or it is outside a partial rollout): the tracker dropped its holdings,
 * and it fetches from the edge only and serves no peer until an answer says {@code true}
 * again (then it announces its whole holding); absent or {@code true}: P2P on
 * @param takenDown {@code true}: the operator took the track down: the listener drops its
 * segments and never serves them (the tracker forgot the peer); absent: not
 */
public record AnnounceResponse(int intervalSeconds, Boolean p2p, Boolean takenDown) {

	public AnnounceResponse(int intervalSeconds) {
		this(intervalSeconds, Boolean.TRUE, null);
	}

	public AnnounceResponse(int intervalSeconds, Boolean p2p) {
		this(intervalSeconds, p2p, null);
	}

	/** Whether the track was taken down. */
	public boolean trackTakenDown() {
		return Boolean.TRUE.equals(this.takenDown);
	}

	/**
	 * Whether P2P is on for the listener: absent means on (a tracker without switches).
	 */
	public boolean p2pOn() {
		return !Boolean.FALSE.equals(this.p2p);
	}

}
