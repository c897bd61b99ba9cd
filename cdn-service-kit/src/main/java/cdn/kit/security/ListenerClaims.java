package cdn.kit.security;

import java.util.Set;
import java.util.regex.Pattern;

import cdn.protocol.PeerId;
import cdn.protocol.Region;
import cdn.protocol.TrackId;

/**
 * What a listener token says: who the listener is ({@code sub}), where it is
 * ({@code region}), whose it is ({@code tenant}), which services may accept it
 * ({@code aud}) and, optionally, the one track it was issued for ({@code track}). The
 * constructor checks every part, so an instance is always one the issuer may sign and a
 * verifier may hand on.
 *
 * <p>
 * The track scopes the token at an edge as a URL signature is scoped
 * ({@link #requireContent}): a token opens its track's playlists and, like any valid
 * signature, content-addressed segments; a token without a track opens nothing at an
 * edge. Tracker, signaling and the router's listener reports do not look at it: a token
 * without one (issued for a route that named no track) stays valid there.
 *
 * @param peerId the listener's peer id, {@code [A-Za-z0-9_-]{1,64}}
 * @param region its region, {@code [a-z0-9-]{1,32}}
 * @param tenant the tenant it plays for, {@code [A-Za-z0-9_.-]{1,64}}
 * @param audience the services that accept the token, e.g. {@link #TRACKER},
 * {@link #SIGNALING}, {@link #EDGE}, {@link #ROUTER}; at least one, each
 * {@code [a-z0-9-]{1,32}}
 * @param track the track the token was issued for (a {@link TrackId}), or {@code null}
 * for a token issued without one
 */
public record ListenerClaims(String peerId, String region, String tenant, Set<String> audience, String track) {

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
		if (track != null && !TrackId.isValid(track)) {
			throw new IllegalArgumentException("track must be a track id, [a-z0-9][a-z0-9-]{0,63}");
		}
	}

	/** Claims issued for no track: good for tracker, signaling, router; not at edges. */
	public ListenerClaims(String peerId, String region, String tenant, Set<String> audience) {
		this(peerId, region, tenant, audience, null);
	}

	/** Claims for every service a listener talks to ({@link #ALL_SERVICES}). */
	public static ListenerClaims forAllServices(String peerId, String region, String tenant) {
		return new ListenerClaims(peerId, region, tenant, ALL_SERVICES);
	}

	/**
	 * Claims for every service a listener talks to, for one track ({@code null}: none).
	 */
	public static ListenerClaims forAllServices(String peerId, String region, String tenant, String track) {
		return new ListenerClaims(peerId, region, tenant, ALL_SERVICES, track);
	}

	/**
	 * Returns these claims when they open {@code rawPath} (a playlist or segment path as
	 * it arrived, no query) at an edge, exactly as a URL signature of the track's scope
	 * ({@link SignedUrls#trackScope}) would: the track's own playlists under
	 * {@code /tracks/{track}/}, and any content-addressed segment
	 * ({@code /segments/{sha256}.m4s}, which names no track). Otherwise throws
	 * {@link TokenRejectedException.Reason#NO_TRACK} (401) for a token issued without a
	 * track, {@link TokenRejectedException.Reason#WRONG_TRACK} (403) for a path the
	 * track's scope does not cover (another track's playlists, a path that is not clean).
	 */
	public ListenerClaims requireContent(String rawPath) {
		if (this.track == null) {
			throw new TokenRejectedException(TokenRejectedException.Reason.NO_TRACK);
		}
		if (!SignedUrls.covers(SignedUrls.trackScope(this.track), rawPath)) {
			throw new TokenRejectedException(TokenRejectedException.Reason.WRONG_TRACK);
		}
		return this;
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
