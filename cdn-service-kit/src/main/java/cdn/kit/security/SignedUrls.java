package cdn.kit.security;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;
import java.util.regex.Pattern;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import cdn.protocol.InvalidIdException;
import cdn.protocol.SegmentName;
import cdn.protocol.TrackId;

/**
 * Signed URLs: one signature covers every path under a <em>scope</em> (a path prefix such
 * as a track's {@code /tracks/{trackId}/}) until an expiry, like a CloudFront custom
 * policy with a wildcard resource or nginx's {@code secure_link}, with HMAC-SHA256 and a
 * key id for rotation. The query carries it:
 *
 * <pre>
 * /tracks/t1/a128/index.m3u8?cdn-scope=/tracks/t1/&amp;cdn-exp=1767225600&amp;cdn-kid=u1&amp;cdn-sig=&lt;base64url&gt;
 * cdn-sig = base64url(HMAC-SHA256(secret[cdn-kid], cdn-scope + "\n" + cdn-exp + "\n" + cdn-kid))
 * </pre>
 *
 * <p>
 * Segments live outside any track ({@code /segments/{sha256}.m4s}, shared by every track
 * that holds the same bytes), so a track scope cannot cover them by prefix. They are
 * content-addressed: a segment URL names 256 bits of the content's hash, which only a
 * holder of a playlist (or of the bytes) knows. So a segment URL carrying <em>any</em>
 * valid signature is accepted: the same query as the track's playlists, appended to each
 * segment URI (by the player, or by whoever rewrites the playlist). Binding a segment to
 * one track would need a segment-to-track index at every edge, or segment paths under the
 * track, a change of the path contract.
 *
 * <p>
 * The path is checked as it arrived (raw, before percent-decoding): only
 * {@code [A-Za-z0-9._~-]} segments joined by single slashes, no {@code .} or {@code ..}
 * segment, no {@code %} at all (the CDN's paths need no escapes; this refuses
 * {@code %2e%2e}, {@code %2f}, {@code %5c} and double encodings in one rule), no
 * backslash. The signature parameters must never be part of a cache key:
 * {@link #stripSignature(String)}.
 */
public final class SignedUrls {

	public static final String SCOPE = "cdn-scope";

	public static final String EXPIRES = "cdn-exp";

	public static final String KID = "cdn-kid";

	public static final String SIGNATURE = "cdn-sig";

	private static final Set<String> PARAMETERS = Set.of(SCOPE, EXPIRES, KID, SIGNATURE);

	/**
	 * The characters of a clean path; its shape is checked apart ({@link #isCleanPath}):
	 * a repeated group such as {@code (/[A-Za-z0-9._~-]+)+} recurses once per segment and
	 * overflows a thread's stack on a path or scope of under 4 KB, one request line
	 * (found by {@code SignedUrlsFuzzTest}).
	 */
	private static final Pattern PATH_CHARACTERS = Pattern.compile("[A-Za-z0-9._~/-]+");

	/** Epoch seconds, no sign, no leading zero; 0 is refused as nginx does. */
	private static final Pattern EXPIRY = Pattern.compile("[1-9][0-9]{0,11}");

	private static final int SIGNATURE_BYTES = 32;

	/** The outcome of {@link #verify}, with the HTTP status to answer. */
	public enum Result {

		OK(200),

		/** A signature parameter is absent. */
		MISSING(403),

		/**
		 * The signature does not hold: wrong, for another scope or expiry, an unknown
		 * kid, a malformed or repeated parameter.
		 */
		BAD_SIGNATURE(403),

		/**
		 * A valid signature, for a path outside its scope (or a path that is not clean).
		 */
		OUT_OF_SCOPE(403),

		/** A valid signature whose time is over: {@code 410 Gone}, as with nginx. */
		EXPIRED(410);

		private final int status;

		Result(int status) {
			this.status = status;
		}

		public int status() {
			return this.status;
		}

	}

	private final UrlSigningKeys keys;

	private final Clock clock;

	public SignedUrls(UrlSigningKeys keys, Clock clock) {
		this.keys = keys;
		this.clock = clock;
	}

	/** A track's scope, {@code /tracks/{trackId}/}: its master and media playlists. */
	public static String trackScope(String trackId) {
		return "/tracks/" + TrackId.of(trackId).value() + "/";
	}

	/**
	 * The query (without {@code ?}) that signs {@code scope} until {@code expiresAt}
	 * (whole seconds), with the current secret.
	 */
	public String sign(String scope, Instant expiresAt) {
		if (!isScope(scope)) {
			throw new IllegalArgumentException("a scope is a clean path that ends with '/', e.g. /tracks/t1/");
		}
		long expires = expiresAt.getEpochSecond();
		if (expires < 1) {
			throw new IllegalArgumentException("expiry must be after the epoch");
		}
		String kid = this.keys.signingKid();
		String signature = Base64.getUrlEncoder()
			.withoutPadding()
			.encodeToString(hmac(this.keys.secret(kid), scope, Long.toString(expires), kid));
		// the scope's characters are all legal in a query: no escaping, readable in logs
		return SCOPE + "=" + scope + "&" + EXPIRES + "=" + expires + "&" + KID + "=" + kid + "&" + SIGNATURE + "="
				+ signature;
	}

	/**
	 * {@code path} with the signature of {@code scope} appended to its query; the path
	 * must be one the signature covers (under the scope, or a segment).
	 */
	public String signUrl(String path, String scope, Instant expiresAt) {
		int question = path.indexOf('?');
		String bare = (question < 0) ? path : path.substring(0, question);
		if (!isScope(scope) || !covers(scope, bare)) {
			throw new IllegalArgumentException("the path is not covered by the scope");
		}
		return path + ((question < 0) ? "?" : "&") + sign(scope, expiresAt);
	}

	/**
	 * Checks a request: {@code path} as it arrived (raw, not decoded; no query),
	 * {@code query} its raw query string or {@code null}. Other parameters may come in
	 * any order around the signature's.
	 */
	public Result verify(String path, String query) {
		Map<String, String> parameters = new HashMap<>();
		if (query != null) {
			for (String pair : query.split("&")) {
				String name = percentDecode(nameOf(pair));
				if (name == null || !PARAMETERS.contains(name)) {
					continue;
				}
				int equals = pair.indexOf('=');
				// a repeated parameter is refused: which copy counts must not depend on
				// who reads
				if (parameters.put(name, (equals < 0) ? "" : pair.substring(equals + 1)) != null) {
					return Result.BAD_SIGNATURE;
				}
			}
		}
		if (parameters.size() < PARAMETERS.size()) {
			return Result.MISSING;
		}
		String scope = percentDecode(parameters.get(SCOPE));
		String expires = percentDecode(parameters.get(EXPIRES));
		String kid = percentDecode(parameters.get(KID));
		String signature = percentDecode(parameters.get(SIGNATURE));
		if (scope == null || expires == null || kid == null || signature == null || !isScope(scope)
				|| !EXPIRY.matcher(expires).matches()) {
			return Result.BAD_SIGNATURE;
		}
		byte[] secret = this.keys.secret(kid);
		byte[] given = decodeSignature(signature);
		if (secret == null || given == null || !MessageDigest.isEqual(hmac(secret, scope, expires, kid), given)) {
			return Result.BAD_SIGNATURE;
		}
		if (!covers(scope, path)) {
			return Result.OUT_OF_SCOPE;
		}
		// valid through the second it names, as nginx's secure_link
		if (this.clock.instant().getEpochSecond() > Long.parseLong(expires)) {
			return Result.EXPIRED;
		}
		return Result.OK;
	}

	/**
	 * {@code query} without the signature parameters (in whatever encoding they came),
	 * the others in their order and form: what may go into a cache key. {@code ""} when
	 * nothing is left.
	 */
	public static String stripSignature(String query) {
		return pairs(query, false);
	}

	/**
	 * Only the signature parameters of {@code query}, as they came and in their order:
	 * what a playlist's URIs carry on ({@code ""} when there are none).
	 */
	public static String signatureOf(String query) {
		return pairs(query, true);
	}

	/**
	 * The non-empty pairs of {@code query} that are (or are not) signature parameters.
	 */
	private static String pairs(String query, boolean signature) {
		if (query == null || query.isEmpty()) {
			return "";
		}
		StringJoiner kept = new StringJoiner("&");
		for (String pair : query.split("&")) {
			String name = percentDecode(nameOf(pair));
			if (!pair.isEmpty() && (name != null && PARAMETERS.contains(name)) == signature) {
				kept.add(pair);
			}
		}
		return kept.toString();
	}

	@Override
	public String toString() {
		return "SignedUrls[" + this.keys + "]";
	}

	private static boolean isScope(String scope) {
		return isCleanPath(scope) && scope.endsWith("/") && !hasDotSegment(scope);
	}

	/**
	 * {@code (/[A-Za-z0-9._~-]+)+/?}: segments of those characters, each after one slash,
	 * and maybe a slash at the end.
	 */
	private static boolean isCleanPath(String path) {
		return path != null && path.length() > 1 && path.charAt(0) == '/' && !path.contains("//")
				&& PATH_CHARACTERS.matcher(path).matches();
	}

	/**
	 * Under the scope (which ends with '/'), or a content-addressed segment; the rule a
	 * track-scoped listener token follows too ({@link ListenerClaims#requireContent}).
	 */
	static boolean covers(String scope, String path) {
		if (!isCleanPath(path) || hasDotSegment(path)) {
			return false;
		}
		return path.startsWith(scope) || isSegment(path);
	}

	private static boolean isSegment(String path) {
		if (!path.startsWith(SegmentName.PATH_PREFIX)) {
			return false;
		}
		String name = path.substring(SegmentName.PATH_PREFIX.length());
		try {
			return name.indexOf('/') < 0 && SegmentName.parse(name) != null;
		}
		catch (InvalidIdException ex) {
			return false;
		}
	}

	private static boolean hasDotSegment(String path) {
		for (String segment : path.split("/")) {
			if (segment.equals(".") || segment.equals("..")) {
				return true;
			}
		}
		return false;
	}

	private static String nameOf(String pair) {
		int equals = pair.indexOf('=');
		return (equals < 0) ? pair : pair.substring(0, equals);
	}

	/**
	 * Strict percent-decoding, each byte to the char of the same value (our names and
	 * values are ASCII; anything else then fails their format). {@code +} stays
	 * {@code +}. {@code null} for a broken escape.
	 */
	private static String percentDecode(String value) {
		if (value == null || value.indexOf('%') < 0) {
			return value;
		}
		StringBuilder decoded = new StringBuilder(value.length());
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c != '%') {
				decoded.append(c);
				continue;
			}
			int high = (i + 2 < value.length()) ? hex(value.charAt(i + 1)) : -1;
			int low = (high >= 0) ? hex(value.charAt(i + 2)) : -1;
			if (low < 0) {
				return null;
			}
			decoded.append((char) (high * 16 + low));
			i += 2;
		}
		return decoded.toString();
	}

	/** ASCII hex only: {@code Character.digit} would take other scripts' digits too. */
	private static int hex(char c) {
		if (c >= '0' && c <= '9') {
			return c - '0';
		}
		if (c >= 'a' && c <= 'f') {
			return c - 'a' + 10;
		}
		if (c >= 'A' && c <= 'F') {
			return c - 'A' + 10;
		}
		return -1;
	}

	private static byte[] decodeSignature(String signature) {
		try {
			byte[] bytes = Base64.getUrlDecoder().decode(signature);
			return (bytes.length == SIGNATURE_BYTES) ? bytes : null;
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	private static byte[] hmac(byte[] secret, String scope, String expires, String kid) {
		try {
			Mac mac = Mac.getInstance("HmacSHA256");
			mac.init(new SecretKeySpec(secret, "HmacSHA256"));
			return mac.doFinal((scope + "\n" + expires + "\n" + kid).getBytes(StandardCharsets.UTF_8));
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("this JVM has no HmacSHA256", ex);
		}
	}

}
