package cdn.kit.security;

/**
 * A listener token that is not accepted, with a closed {@link Reason}. The message is the
 * reason's own, written for a client: never key material, never a library's exception
 * text (that stays in the cause, for the log). Like the kit's {@code ProblemException} it
 * carries no stack trace: it is an answer, and a flood of bad tokens should not cost one
 * stack walk each.
 */
public final class TokenRejectedException extends RuntimeException {

	/** Why a token is refused; {@link #status()} is the HTTP status to answer with. */
	public enum Reason {

		/**
		 * No token at all: no {@code Authorization} header, another scheme, an empty one.
		 */
		MISSING("bearer token required"),

		/**
		 * Not a compact JWS, bad base64url or JSON, a claim of the wrong type, too long.
		 */
		MALFORMED("token is malformed"),

		/** The signature does not match the token's header and claims. */
		BAD_SIGNATURE("token signature is not valid"),

		/** No {@code kid}, or one that names no live key. */
		UNKNOWN_KEY("token key is not known"),

		/** An algorithm other than ES256 ({@code none}, HS256, RS256, ES384, ...). */
		ALGORITHM("token algorithm is not accepted"),

		EXPIRED("token has expired"),

		/** {@code nbf} (or {@code iat}) later than now plus the allowed clock skew. */
		NOT_YET_VALID("token is not yet valid"),

		/** No {@code exp}: every listener token must end. */
		NO_EXPIRY("token has no expiry"),

		/** {@code exp} further from {@code iat} (or from now) than the one-hour cap. */
		LIFETIME_TOO_LONG("token lifetime exceeds the limit"),

		/** {@code aud} does not name this service. */
		WRONG_AUDIENCE("token is not for this service"),

		/** No {@code sub}, {@code region} or {@code tenant}. */
		MISSING_CLAIM("token lacks a required claim"),

		/** A valid token used for another peer's id: authenticated, not allowed (403). */
		WRONG_SUBJECT("token is for another peer"),

		/**
		 * At an edge: a valid token issued without a {@code track} claim (a route that
		 * named no track), which opens no content (401).
		 */
		NO_TRACK("token not issued for a track"),

		/**
		 * At an edge: a valid token for one track used for another track's playlists:
		 * authenticated, not allowed (403), as a signature's out-of-scope path.
		 */
		WRONG_TRACK("token is for another track");

		private final String message;

		Reason(String message) {
			this.message = message;
		}

		/** The client-safe message. */
		public String message() {
			return this.message;
		}

		/**
		 * 401 (with {@code WWW-Authenticate: Bearer}) for a token that does not prove who
		 * the caller is (or, {@link #NO_TRACK}, was not issued for content); 403 for a
		 * valid token used for someone else or another track.
		 */
		public int status() {
			return (this == WRONG_SUBJECT || this == WRONG_TRACK) ? 403 : 401;
		}

	}

	private final Reason reason;

	public TokenRejectedException(Reason reason) {
		this(reason, null);
	}

	/**
	 * @param cause what the library said, for the log only
	 */
	public TokenRejectedException(Reason reason, Throwable cause) {
		super(reason.message(), cause, false, false);
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}

	/** The HTTP status to answer with: {@link Reason#status()}. */
	public int status() {
		return this.reason.status();
	}

}
