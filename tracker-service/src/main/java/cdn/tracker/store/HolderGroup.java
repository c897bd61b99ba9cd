package cdn.tracker.store;

import java.util.Set;

import cdn.protocol.Region;

/**
 * Where a peer's holdings are indexed: its tenant, its region and the residency seal of
 * its track. Lookups sample only the groups their {@link Viewer} may see, so tenants
 * never meet and a sealed peer stays within its region or zone. Both stores key holders
 * by {@link #key()}: the bare region for the default tenant's open groups (the layout of
 * a single-tenant tracker), {@code region@tenant} for other tenants, then {@code #} for a
 * region seal or {@code #zone} for a zone seal.
 *
 * @param tenant the tenant the peer plays for
 * @param region the peer's region
 * @param seal {@code null}: handed to listeners of every region; {@code ""}: only to
 * listeners of {@code region}; a zone name: only to listeners of that zone's regions (and
 * of {@code region})
 */
public record HolderGroup(String tenant, String region, String seal) {

	/**
	 * The tenant of listeners without a token, and of tokens of a single-tenant router.
	 */
	public static final String DEFAULT_TENANT = "default";

	public HolderGroup {
		if (tenant == null || tenant.isEmpty() || tenant.indexOf('@') >= 0 || tenant.indexOf('#') >= 0) {
			throw new IllegalArgumentException("tenant must be a non-empty name without '@' or '#'");
		}
		if (!Region.isValid(region)) {
			throw new IllegalArgumentException("region must match " + Region.PATTERN);
		}
		if (seal != null && !seal.isEmpty() && !Region.isValid(seal)) {
			throw new IllegalArgumentException("a zone seal must match " + Region.PATTERN);
		}
	}

	/** The default tenant's open group of a region. */
	public static HolderGroup open(String region) {
		return new HolderGroup(DEFAULT_TENANT, region, null);
	}

	/** The store's key of this group. */
	public String key() {
		StringBuilder key = new StringBuilder(this.region);
		if (!this.tenant.equals(DEFAULT_TENANT)) {
			key.append('@').append(this.tenant);
		}
		if (this.seal != null) {
			key.append('#').append(this.seal);
		}
		return key.toString();
	}

	/** The region part of a {@link #key()}, without parsing the rest. */
	public static String regionOf(String key) {
		for (int i = 0; i < key.length(); i++) {
			char c = key.charAt(i);
			if (c == '@' || c == '#') {
				return key.substring(0, i);
			}
		}
		return key;
	}

	/**
	 * Who asks for holders: a listener of {@code tenant} in {@code region}, which lies in
	 * {@code zones}.
	 *
	 * @param tenant the listener's tenant
	 * @param region the listener's region
	 * @param zones the residency zones that contain {@code region}
	 */
	public record Viewer(String tenant, String region, Set<String> zones) {

		public Viewer {
			zones = Set.copyOf(zones);
		}

		/** A listener of the default tenant, in no zone. */
		public static Viewer of(String region) {
			return new Viewer(DEFAULT_TENANT, region, Set.of());
		}

		/** Whether holders of {@code group} may be handed to this listener. */
		public boolean sees(HolderGroup group) {
			if (!group.tenant().equals(this.tenant)) {
				return false;
			}
			return group.seal() == null || group.region().equals(this.region) || this.zones.contains(group.seal());
		}

	}

}
