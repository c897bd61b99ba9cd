package cdn.tracker.sharing;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import cdn.kit.security.ListenerClaims;
import cdn.tracker.config.TrackerProperties;
import cdn.tracker.config.TrackerProperties.ResidencyRule;
import cdn.tracker.config.TrackerProperties.ResidencyScope;
import cdn.tracker.store.HolderGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

/**
 * Puts each announcing peer into its {@link HolderGroup} and each requester's view into a
 * {@link HolderGroup.Viewer}: the tenant and the region come from the listener token
 * where there is one (a listener cannot claim another tenant's swarm, nor a region to
 * pass a residency seal), else the default tenant and the region the request names; the
 * seal comes from the first residency rule ({@code tracker.sharing.residency}) that
 * matches the peer's tenant and track.
 */
@Component
public class SharingPolicy {

	private static final Logger log = LoggerFactory.getLogger(SharingPolicy.class);

	private final List<ResidencyRule> rules;

	private final Map<String, List<String>> zones;

	/** Per region: the zones it lies in. */
	private final Map<String, Set<String>> zonesOfRegion;

	SharingPolicy(TrackerProperties properties) {
		this.rules = properties.sharing().residency();
		this.zones = properties.sharing().zones();
		Map<String, Set<String>> byRegion = new java.util.HashMap<>();
		this.zones.forEach((zone, regions) -> regions
			.forEach((region) -> byRegion.computeIfAbsent(region, (key) -> new HashSet<>()).add(zone)));
		byRegion.replaceAll((region, in) -> Set.copyOf(in));
		this.zonesOfRegion = Map.copyOf(byRegion);
		if (!this.rules.isEmpty()) {
			log.info("Residency: zones {}, rules {}", this.zones, this.rules);
		}
	}

	/**
	 * The group of a peer that announced {@code track} from {@code region}.
	 * @param claims the peer's verified token, or {@code null} without tokens
	 */
	public HolderGroup group(ListenerClaims claims, String region, String track) {
		String tenant = tenant(claims);
		String from = (claims != null) ? claims.region() : region;
		return new HolderGroup(tenant, from, seal(tenant, from, track));
	}

	/**
	 * The view of a requester asking from {@code region}.
	 * @param claims its verified token, or {@code null} without tokens
	 */
	public HolderGroup.Viewer viewer(ListenerClaims claims, String region) {
		String from = (claims != null) ? claims.region() : region;
		return new HolderGroup.Viewer(tenant(claims), from, this.zonesOfRegion.getOrDefault(from, Set.of()));
	}

	private static String tenant(ListenerClaims claims) {
		return (claims != null) ? claims.tenant() : HolderGroup.DEFAULT_TENANT;
	}

	/** {@code null}: open; {@code ""}: its region only; else the zone. */
	private String seal(String tenant, String region, String track) {
		for (ResidencyRule rule : this.rules) {
			if (rule.matches(tenant, track)) {
				if (rule.scope() == ResidencyScope.ANY) {
					return null;
				}
				// a peer outside the rule's zone is kept to its own region
				if (rule.scope() == ResidencyScope.ZONE && this.zones.get(rule.zone()).contains(region)) {
					return rule.zone();
				}
				return "";
			}
		}
		return null;
	}

}
