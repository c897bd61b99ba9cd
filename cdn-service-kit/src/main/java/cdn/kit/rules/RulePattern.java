package cdn.kit.rules;

import java.util.regex.Pattern;

import cdn.protocol.TrackId;

/**
 * A tenant or track pattern of an operator's rule over listeners (the tracker's
 * {@code tracker.sharing.residency}, {@code tracker.sharing.p2p}, {@code PUT
 * /v1/admin/p2p} and {@code tracker.sharing.relay-only}; signaling's
 * {@code signaling.relay-only}), matched the same way everywhere: absent, empty or
 * {@code *} matches every value; {@code prefix*} every value that starts with
 * {@code prefix}; anything else exactly that value. A value not known ({@code null}: the
 * track of a tracker lookup, of an {@code /v1/ice-servers} asked without one) matches
 * only "every value".
 */
public final class RulePattern {

	/** A tenant, as listener tokens carry it. */
	public static final String TENANT_FORMAT = "[A-Za-z0-9_.-]{1,64}";

	private static final Pattern TENANT = Pattern.compile(TENANT_FORMAT);

	private static final Pattern TENANT_PREFIX = Pattern.compile("[A-Za-z0-9_.-]{0,64}\\*");

	private static final Pattern TRACK_PREFIX = Pattern.compile("[a-z0-9-]{0,64}\\*");

	private RulePattern() {
	}

	/** Whether {@code pattern} matches every value: absent, empty or {@code *}. */
	public static boolean isAny(String pattern) {
		return pattern == null || pattern.isEmpty() || pattern.equals("*");
	}

	/**
	 * Whether {@code value} matches {@code pattern}; a {@code null} value only a pattern
	 * for every value.
	 */
	public static boolean matches(String pattern, String value) {
		if (isAny(pattern)) {
			return true;
		}
		if (value == null) {
			return false;
		}
		return pattern.endsWith("*") ? value.startsWith(pattern.substring(0, pattern.length() - 1))
				: pattern.equals(value);
	}

	/**
	 * Whether a rule of {@code tenantPattern} and {@code trackPattern} applies to a
	 * listener of {@code tenant} playing {@code track} ({@code null}: not known).
	 */
	public static boolean matches(String tenantPattern, String trackPattern, String tenant, String track) {
		return matches(tenantPattern, tenant) && matches(trackPattern, track);
	}

	/**
	 * Whether {@code pattern} is a tenant pattern: any, a tenant
	 * ({@value #TENANT_FORMAT}) or a prefix of one ending in {@code *}.
	 */
	public static boolean isTenantPattern(String pattern) {
		return isAny(pattern) || TENANT.matcher(pattern).matches() || TENANT_PREFIX.matcher(pattern).matches();
	}

	/**
	 * Whether {@code pattern} is a track pattern: any, a track id or a prefix of one
	 * ending in {@code *}.
	 */
	public static boolean isTrackPattern(String pattern) {
		return isAny(pattern) || TrackId.isValid(pattern) || TRACK_PREFIX.matcher(pattern).matches();
	}

}
