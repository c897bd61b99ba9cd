package cdn.tracker.sharing;

import cdn.protocol.Region;

/**
 * One P2P switch: for listeners of {@code tenant}, in {@code region}, playing
 * {@code track} (each absent: any; {@code track} an id or a prefix ending in {@code *}),
 * P2P is on for {@code percent} of them (0: off, the kill switch; 100: on; between: a
 * rollout, the same listeners each time).
 *
 * @param tenant the tenant it applies to, or {@code null}
 * @param region the listeners' region, or {@code null}
 * @param track the track id or {@code prefix*}, or {@code null}
 * @param percent listeners with P2P, 0 to 100
 */
public record P2pRule(String tenant, String region, String track, int percent) {

	public P2pRule {
		if (percent < 0 || percent > 100) {
			throw new IllegalArgumentException("percent must be between 0 and 100");
		}
		if (region != null && !region.isEmpty() && !Region.isValid(region)) {
			throw new IllegalArgumentException("region must match " + Region.PATTERN);
		}
		if (tenant != null && tenant.length() > 64 || track != null && track.length() > 65) {
			throw new IllegalArgumentException("tenant and track are at most 64 characters");
		}
	}

	/**
	 * Whether the rule applies; a listener whose track is not known ({@code null}, a
	 * lookup) matches only rules for every track.
	 */
	boolean matches(String tenant, String region, String track) {
		return matches(this.tenant, tenant) && matches(this.region, region)
				&& (isAny(this.track) || track != null && matches(this.track, track));
	}

	private static boolean isAny(String pattern) {
		return pattern == null || pattern.isEmpty() || pattern.equals("*");
	}

	private static boolean matches(String pattern, String value) {
		if (isAny(pattern)) {
			return true;
		}
		return pattern.endsWith("*") ? value.startsWith(pattern.substring(0, pattern.length() - 1))
				: pattern.equals(value);
	}

}
