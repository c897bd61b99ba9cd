package cdn.client.listener;

import java.time.Duration;

/**
 * How one listener plays and shares. Every value has a default in {@link #defaults()};
 * the swarm's command line sets them.
 *
 * @param p2p fetch from and upload to peers
 * @param metered never upload (a phone on capped data): fetch from peers, give nothing
 * @param bufferTargetSeconds media kept ahead of the playhead from the edge
 * @param urgentWindowSeconds a segment needed sooner than this goes to the edge unless a
 * peer holds it
 * @param p2pWindowSeconds how far ahead segments are looked up and fetched from peers
 * @param maxEdgeFetches concurrent edge downloads
 * @param maxPeerFetches concurrent peer downloads
 * @param peerStallTimeout a peer that sends nothing for this long is abandoned
 * @param peersPerSegment peers asked of the tracker per segment
 * @param lookupInterval how often the window is looked up (simulated time)
 * @param announceBatch how long new segments are gathered before an announce
 * @param cacheQuotaBytes bytes of segments kept for seeding
 * @param seedingTtl how long an unused segment is kept for seeding
 * @param maxUploads concurrent uploads before answering busy
 * @param uploadKbps upload cap (0: uncapped)
 * @param downloadKbps emulated downlink (0: unlimited)
 * @param maxStallSeconds a stall longer than this fails the playback
 * @param upSwitchBufferSeconds buffer needed before stepping up a rendition
 * @param claimsPerLookup segments a lookup asks to load at least: the tracker grants each
 * segment nobody near holds or loads to one listener, the others wait for that loader (0:
 * no claims, no loaders known)
 * @param live how a live track is played
 */
public record ListenerSettings(boolean p2p, boolean metered, double bufferTargetSeconds, double urgentWindowSeconds,
		double p2pWindowSeconds, int maxEdgeFetches, int maxPeerFetches, Duration peerStallTimeout, int peersPerSegment,
		Duration lookupInterval, Duration announceBatch, long cacheQuotaBytes, Duration seedingTtl, int maxUploads,
		long uploadKbps, long downloadKbps, double maxStallSeconds, double upSwitchBufferSeconds, int claimsPerLookup,
		Live live) {

	/**
	 * @param edgeDistanceSegments how many segments behind the live edge playback starts
	 * (at least 1; the HLS spec asks players for 3 target durations)
	 * @param playSeconds how long a listener stays on a live track before it leaves
	 */
	public record Live(int edgeDistanceSegments, double playSeconds) {

		public Live {
			if (edgeDistanceSegments < 1) {
				throw new IllegalArgumentException("the distance from the live edge must be at least 1 segment");
			}
			if (!(playSeconds > 0)) {
				throw new IllegalArgumentException("a live track must be played for some time");
			}
		}

	}

	public static ListenerSettings defaults() {
		return new ListenerSettings(true, false, 15, 6, 30, 2, 3, Duration.ofSeconds(2), 3, Duration.ofSeconds(3),
				Duration.ofSeconds(1), 64L * 1024 * 1024, Duration.ofMinutes(30), 4, 0, 0, 30, 8, 1, new Live(3, 60));
	}

	public ListenerSettings withP2p(boolean on) {
		return new ListenerSettings(on, this.metered, this.bufferTargetSeconds, this.urgentWindowSeconds,
				this.p2pWindowSeconds, this.maxEdgeFetches, this.maxPeerFetches, this.peerStallTimeout,
				this.peersPerSegment, this.lookupInterval, this.announceBatch, this.cacheQuotaBytes, this.seedingTtl,
				this.maxUploads, this.uploadKbps, this.downloadKbps, this.maxStallSeconds, this.upSwitchBufferSeconds,
				this.claimsPerLookup, this.live);
	}

	public ListenerSettings withLinks(long downloadKbps, long uploadKbps) {
		return new ListenerSettings(this.p2p, this.metered, this.bufferTargetSeconds, this.urgentWindowSeconds,
				this.p2pWindowSeconds, this.maxEdgeFetches, this.maxPeerFetches, this.peerStallTimeout,
				this.peersPerSegment, this.lookupInterval, this.announceBatch, this.cacheQuotaBytes, this.seedingTtl,
				this.maxUploads, uploadKbps, downloadKbps, this.maxStallSeconds, this.upSwitchBufferSeconds,
				this.claimsPerLookup, this.live);
	}

	public ListenerSettings withMetered(boolean metered) {
		return new ListenerSettings(this.p2p, metered, this.bufferTargetSeconds, this.urgentWindowSeconds,
				this.p2pWindowSeconds, this.maxEdgeFetches, this.maxPeerFetches, this.peerStallTimeout,
				this.peersPerSegment, this.lookupInterval, this.announceBatch, this.cacheQuotaBytes, this.seedingTtl,
				this.maxUploads, this.uploadKbps, this.downloadKbps, this.maxStallSeconds, this.upSwitchBufferSeconds,
				this.claimsPerLookup, this.live);
	}

	public ListenerSettings withPeersPerSegment(int peersPerSegment) {
		return new ListenerSettings(this.p2p, this.metered, this.bufferTargetSeconds, this.urgentWindowSeconds,
				this.p2pWindowSeconds, this.maxEdgeFetches, this.maxPeerFetches, this.peerStallTimeout, peersPerSegment,
				this.lookupInterval, this.announceBatch, this.cacheQuotaBytes, this.seedingTtl, this.maxUploads,
				this.uploadKbps, this.downloadKbps, this.maxStallSeconds, this.upSwitchBufferSeconds,
				this.claimsPerLookup, this.live);
	}

	public ListenerSettings withClaimsPerLookup(int claimsPerLookup) {
		return new ListenerSettings(this.p2p, this.metered, this.bufferTargetSeconds, this.urgentWindowSeconds,
				this.p2pWindowSeconds, this.maxEdgeFetches, this.maxPeerFetches, this.peerStallTimeout,
				this.peersPerSegment, this.lookupInterval, this.announceBatch, this.cacheQuotaBytes, this.seedingTtl,
				this.maxUploads, this.uploadKbps, this.downloadKbps, this.maxStallSeconds, this.upSwitchBufferSeconds,
				claimsPerLookup, this.live);
	}

	public ListenerSettings withLive(Live live) {
		return new ListenerSettings(this.p2p, this.metered, this.bufferTargetSeconds, this.urgentWindowSeconds,
				this.p2pWindowSeconds, this.maxEdgeFetches, this.maxPeerFetches, this.peerStallTimeout,
				this.peersPerSegment, this.lookupInterval, this.announceBatch, this.cacheQuotaBytes, this.seedingTtl,
				this.maxUploads, this.uploadKbps, this.downloadKbps, this.maxStallSeconds, this.upSwitchBufferSeconds,
				this.claimsPerLookup, live);
	}

}
