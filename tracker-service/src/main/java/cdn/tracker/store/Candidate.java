package cdn.tracker.store;

import java.time.Instant;

/**
 * A live, not quarantined holder of a segment, as the store knows it; scored and picked
 * by {@code cdn.tracker.selection}.
 *
 * @param peerId the holder
 * @param region its region
 * @param endpoint how it is reached: its endpoint URL, then a space and its key pin when
 * it announced one (see {@link #reach})
 * @param uploadKbps its reported upload capacity
 * @param uploadedBytes bytes it reported uploading
 * @param downloadedBytes bytes it reported downloading
 * @param lastSeen its last announce
 */
public record Candidate(String peerId, String region, String endpoint, long uploadKbps, long uploadedBytes,
		long downloadedBytes, Instant lastSeen) {

	/**
	 * A peer's reach as the stores keep it: {@code endpoint}, or {@code endpoint pin} (an
	 * endpoint URL has no spaces).
	 */
	public static String reach(String endpoint, String pin) {
		return (pin == null) ? endpoint : endpoint + " " + pin;
	}

	/** Its endpoint URL. */
	public String endpointUrl() {
		int space = this.endpoint.indexOf(' ');
		return (space < 0) ? this.endpoint : this.endpoint.substring(0, space);
	}

	/** The key its endpoint presents, {@code null} for none. */
	public String endpointPin() {
		int space = this.endpoint.indexOf(' ');
		return (space < 0) ? null : this.endpoint.substring(space + 1);
	}

}
