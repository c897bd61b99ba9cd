package cdn.tracker.sharing;

import java.util.regex.Pattern;

import cdn.protocol.TrackId;

/**
 * One relay-only rule ({@code tracker.sharing.relay-only[i]}), the shape of signaling's
 * {@code signaling.relay-only[i]}: listeners of {@code tenant} playing {@code track}
 * reach each other only through TURN relays, so a peer among them whose endpoint is a
 * wire server ({@code http(s)}: its address) is handed to nobody; it is switched off as
 * by a P2P switch at 0 %. Peers behind signaling ({@code ws(s)}) keep sharing.
 *
 * @param tenant the tenant it applies to; absent or {@code *}: every tenant
 * @param track the track id, or a prefix ending in {@code *}; absent or {@code *}: every
 * track
 */
public record RelayOnlyRule(String tenant, String track) {

	private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

	private static final Pattern TRACK_PREFIX = Pattern.compile("[a-z0-9-]{0,64}\\*");

	public RelayOnlyRule {
		if (!isAny(tenant) && !TENANT.matcher(tenant).matches()) {
			throw new IllegalArgumentException("tracker.sharing.relay-only: tenant must match [A-Za-z0-9_.-]{1,64}");
		}
		if (!isAny(track) && !(track.endsWith("*") ? TRACK_PREFIX.matcher(track).matches() : TrackId.isValid(track))) {
			throw new IllegalArgumentException(
					"tracker.sharing.relay-only: track must be a track id or a prefix ending in *, e.g. gdpr-*");
		}
	}

	/** Whether the rule applies to a peer of {@code tenant} playing {@code track}. */
	public boolean matches(String tenant, String track) {
		return matchesPattern(this.tenant, tenant)
				&& (isAny(this.track) || track != null && matchesPattern(this.track, track));
	}

	private static boolean isAny(String pattern) {
		return pattern == null || pattern.isEmpty() || pattern.equals("*");
	}

	private static boolean matchesPattern(String pattern, String value) {
		if (isAny(pattern)) {
			return true;
		}
		return pattern.endsWith("*") ? value.startsWith(pattern.substring(0, pattern.length() - 1))
				: pattern.equals(value);
	}

}
