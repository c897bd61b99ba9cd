package cdn.tracker.store;

import java.time.Duration;

import cdn.tracker.config.TrackerProperties;

/**
 * The bounds a store enforces, the same for every implementation.
 *
 * @param peerLifetime a peer silent for longer is no longer handed out and is removed by
 * the next {@link PeerStore#expire}
 * @param maxPeers registered peers at most
 * @param maxHave segments per peer at most
 * @param maxRegions distinct regions at most
 * @param rateLimit announces per peer per window
 * @param rateWindow the rate limit's window
 * @param reportThreshold distinct reporters that quarantine a peer
 * @param reportWindow how long a report counts
 * @param quarantine how long a quarantine lasts
 */
public record StorePolicy(Duration peerLifetime, int maxPeers, int maxHave, int maxRegions, int rateLimit,
		Duration rateWindow, int reportThreshold, Duration reportWindow, Duration quarantine) {

	public static StorePolicy of(TrackerProperties properties) {
		TrackerProperties.Announce announce = properties.announce();
		TrackerProperties.Limits limits = properties.limits();
		TrackerProperties.Reports reports = properties.reports();
		return new StorePolicy(announce.peerLifetime(), limits.maxPeers(), limits.maxHave(), limits.maxRegions(),
				announce.rateLimit(), announce.rateWindow(), reports.threshold(), reports.window(),
				reports.quarantine());
	}

}
