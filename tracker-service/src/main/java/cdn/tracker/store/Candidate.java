package cdn.tracker.store;

import java.time.Instant;

/**
 * A live, not quarantined holder of a segment, as the store knows it; scored and picked
 * by {@code cdn.tracker.selection}.
 *
 * @param peerId the holder
 * @param region its region
 * @param endpoint its wire server
 * @param uploadKbps its reported upload capacity
 * @param uploadedBytes bytes it reported uploading
 * @param downloadedBytes bytes it reported downloading
 * @param lastSeen its last announce
 */
public record Candidate(String peerId, String region, String endpoint, long uploadKbps, long uploadedBytes,
		long downloadedBytes, Instant lastSeen) {
}
