package cdn.kit.security;

import java.util.Set;
import java.util.regex.Pattern;

import cdn.protocol.PeerId;
import cdn.protocol.Region;

/**
 * What a listener token says: who the listener is ({@code sub}), where it is
 * ({@code region}), whose it is ({@code tenant}) and which services may accept it
 * ({@code aud}). The constructor checks every part, so an instance is always one the
 * issuer may sign and a verifier may hand on.
 *
 * @param peerId the listener's peer id, {@code [A-Za-z0-9_-]{1,64}}
 * @param region its region, {@code [a-z0-9-]{1,32}}
 * @param tenant the tenant it plays for, {@code [A-Za-z0-9_.-]{1,64}}
 * @param audience the services that accept the token, e.g. {@link #TRACKER},
 * {@link #SIGNALING}, {@link #EDGE}, {@link #ROUTER}; at least one, each
 * {@code [a-z0-9-]{1,32}}
 */
public record ListenerClaims(String peerId, String region, String tenant, Set<String> audience) {

	public static final String TRACKER = "tracker";

	public static final String SIGNALING = "signaling";

	public static final String EDGE = "edge";

	/** The router itself: a web player's listener reports. */
	public static final String ROUTER = "router";

	/** The services a listener talks to: what a router puts in a token by default. */
	public static final Set<String> ALL_SERVICES = Set.of(TRACKER, SIGNALING, EDGE, ROUTER);

	private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

	private static final Pattern SERVICE = Pattern.compile("[a-z0-9-]{1,32}");

	public ListenerClaims {
		if (!PeerId.isValid(peerId)) {
			throw new IllegalArgumentException("peer id must match [A-Za-z0-9_-]{1,64}");
		}
		if (!Region.isValid(region)) {
			throw new IllegalArgumentException("region must match " + Region.PATTERN);
		}
		if (tenant == null || !TENANT.matcher(tenant).matches()) {
			throw new IllegalArgumentException("tenant must match [A-Za-z0-9_.-]{1,64}");
		}
		if (audience == null || audience.isEmpty()) {
			throw new IllegalArgumentException("audience must name at least one service");
		}
		for (String service : audience) {
			if (service == null || !SERVICE.matcher(service).matches()) {
				throw new IllegalArgumentException("audience entries must match [a-z0-9-]{1,32}");
			}
		}
		audience = Set.copyOf(audience);
	}

	/** Claims for every service a listener talks to ({@link #ALL_SERVICES}). */
	public static ListenerClaims forAllServices(String peerId, String region, String tenant) {
		return new ListenerClaims(peerId, region, tenant, ALL_SERVICES);
	}

	/**
	 * Returns these claims when they are {@code peerId}'s, and otherwise throws
	 * {@link TokenRejectedException.Reason#WRONG_SUBJECT} (403): a peer announces,
	 * reports and signals only as itself.
	 */
	public ListenerClaims requireSubject(String peerId) {
		if (!this.peerId.equals(peerId)) {
			throw new TokenRejectedException(TokenRejectedException.Reason.WRONG_SUBJECT);
		}
		return this;
	}

}
