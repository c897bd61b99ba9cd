package cdn.client.play;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import cdn.client.metrics.Source;

/**
 * One listener's rendition choice: a throughput estimate per source, the
 * {@link AbrController}'s decision on the lower of them, and the switches it made. Starts
 * in the middle of the ladder.
 */
public final class AdaptiveBitrate {

	private final long[] ladderKbps;

	private final AbrController abr;

	private final ThroughputEstimator edgeThroughput = new ThroughputEstimator();

	private final ThroughputEstimator peerThroughput = new ThroughputEstimator();

	/** Every change of rendition, readable from other threads. */
	private final List<RenditionSwitch> switches = new CopyOnWriteArrayList<>();

	private int current;

	/**
	 * @param ladderKbps the renditions' nominal bitrates, lowest first
	 */
	public AdaptiveBitrate(long[] ladderKbps, double upSwitchBufferSeconds) {
		this.ladderKbps = ladderKbps.clone();
		this.abr = new AbrController(ladderKbps, upSwitchBufferSeconds);
		this.current = ladderKbps.length / 2;
	}

	/** The rendition in use (its index in the ladder). */
	public int current() {
		return this.current;
	}

	/**
	 * Feeds the source's estimate with a media segment (an init segment is too small to
	 * say anything but latency).
	 */
	public void sample(Source source, long bytes, long elapsedNanos, double mediaSeconds) {
		if (mediaSeconds > 0) {
			((source == Source.PEER) ? this.peerThroughput : this.edgeThroughput).sample(bytes, elapsedNanos,
					mediaSeconds);
		}
	}

	/**
	 * Decides the rendition for what is fetched next, recording a change at
	 * {@code wallNanos}.
	 */
	public int choose(double bufferAheadSeconds, long wallNanos) {
		int chosen = this.abr.choose(this.current, edgeOrPeerThroughput(), bufferAheadSeconds);
		if (chosen != this.current) {
			this.switches.add(new RenditionSwitch(wallNanos, this.ladderKbps[this.current], this.ladderKbps[chosen]));
		}
		this.current = chosen;
		return chosen;
	}

	/**
	 * The highest rendition the faster source sustains (what a peer's copy may be in).
	 */
	public int ceiling() {
		return this.abr.maxSustainable(Math.max(this.edgeThroughput.kbps(), this.peerThroughput.kbps()), this.current);
	}

	/** The ABR's rendition changes so far, oldest first. */
	public List<RenditionSwitch> switches() {
		return List.copyOf(this.switches);
	}

	/**
	 * What the ABR trusts: the lower of the edge and peer estimates. A burst from a
	 * nearby peer cannot raise it above what the edge path delivers, and a drop of the
	 * listener's own link shows in whichever source it is using.
	 */
	private double edgeOrPeerThroughput() {
		double edge = this.edgeThroughput.kbps();
		double peer = this.peerThroughput.kbps();
		if (edge < 0 || peer < 0) {
			return Math.max(edge, peer);
		}
		return Math.min(edge, peer);
	}

}
