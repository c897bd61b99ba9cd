package cdn.tracker.sharing;

import cdn.kit.rules.RulePattern;

/**
 * One relay-only rule ({@code tracker.sharing.relay-only[i]}), the shape of signaling's
 * {@code signaling.relay-only[i]}: listeners of {@code tenant} playing {@code track}
 * reach each other only through TURN relays, so a peer among them whose endpoint is a
 * wire server ({@code http(s)}: its address) is handed to nobody; it is switched off as
 * by a P2P switch at 0 %. Peers behind signaling ({@code ws(s)}) keep sharing. Tenant and
 * track are matched as every rule's ({@link RulePattern}).
 *
 * @param tenant the tenant it applies to, or a prefix ending in {@code *}; absent or
 * {@code *}: every tenant
 * @param track the track id, or a prefix ending in {@code *}; absent or {@code *}: every
 * track
 */
public record RelayOnlyRule(String tenant, String track) {

	public RelayOnlyRule {
		if (!RulePattern.isTenantPattern(tenant)) {
			throw new IllegalArgumentException("tracker.sharing.relay-only: tenant must match "
					+ RulePattern.TENANT_FORMAT + " or be a prefix ending in *, e.g. acme-*");
		}
		if (!RulePattern.isTrackPattern(track)) {
			throw new IllegalArgumentException(
					"tracker.sharing.relay-only: track must be a track id or a prefix ending in *, e.g. gdpr-*");
		}
	}

	/**
	 * Whether the rule applies to a peer of {@code tenant} playing {@code track}; a track
	 * not known ({@code null}) matches only rules for every track.
	 */
	public boolean matches(String tenant, String track) {
		return RulePattern.matches(this.tenant, this.track, tenant, track);
	}

}
