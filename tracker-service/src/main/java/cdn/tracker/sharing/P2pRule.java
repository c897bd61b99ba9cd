package cdn.tracker.sharing;

import cdn.kit.rules.RulePattern;
import cdn.protocol.Region;

/**
 * One P2P switch: for listeners of {@code tenant}, in {@code region}, playing
 * {@code track} (each absent: any; {@code tenant} and {@code track} a value or a prefix
 * ending in {@code *}, {@link RulePattern}), P2P is on for {@code percent} of them (0:
 * off, the kill switch; 100: on; between: a rollout, the same listeners each time).
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
	 * lookup) matches only rules for every track. Tenant, region and track are matched as
	 * every rule's ({@link RulePattern}).
	 */
	boolean matches(String tenant, String region, String track) {
		return RulePattern.matches(this.tenant, this.track, tenant, track) && RulePattern.matches(this.region, region);
	}

}
