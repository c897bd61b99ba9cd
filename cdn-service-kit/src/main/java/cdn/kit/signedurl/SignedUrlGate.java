package cdn.kit.signedurl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import cdn.kit.security.SignedUrls;
import cdn.kit.security.UrlSigningKeys;
import cdn.kit.web.Problems;
import cdn.protocol.SegmentName;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * A service's signed URLs as configured ({@link SignedUrlProperties}): the router signs a
 * track's URLs with it, origin and edges check requests for playlists and segments with
 * it when signatures are required, and an edge signs its own upstream fetches with it (so
 * a shield or an origin that requires signatures serves it). The catalog is not signed:
 * it lists what may be asked for, as a store's shop window.
 *
 * <p>
 * A listener's signature travels in the query (a URL is all a player has); an edge's own
 * fetch carries its signature in the {@value #HEADER} header instead, so what a shield
 * answers it is the playlist as the origin made it, never one whose URIs carry the
 * signature of the request (playlist tokenization happens at the edge a player asks).
 */
public final class SignedUrlGate {

	/** The signature of an edge's own upstream fetch: the query form, as a header. */
	public static final String HEADER = "X-Cdn-Signature";

	/** An upstream fetch's signature: the fetch happens now, with a little slack. */
	static final Duration UPSTREAM_LIFETIME = Duration.ofMinutes(5);

	private static final String TRACKS = "/tracks/";

	private final SignedUrls urls;

	private final boolean required;

	private final Duration lifetime;

	private final Clock clock;

	private final Map<SignedUrls.Result, Counter> refusals = new EnumMap<>(SignedUrls.Result.class);

	/**
	 * @throws IllegalArgumentException naming the property when signatures are required
	 * without keys, or the keys cannot be read (never showing a secret)
	 */
	public SignedUrlGate(SignedUrlProperties properties, Clock clock, MeterRegistry registry) {
		if (properties.required() && !properties.hasKeys()) {
			throw new IllegalArgumentException(
					"cdn.signed-urls.required needs cdn.signed-urls.keys-file or cdn.signed-urls.keys");
		}
		this.urls = properties.hasKeys() ? new SignedUrls(keys(properties), clock) : null;
		this.required = properties.required();
		this.lifetime = properties.lifetime();
		this.clock = clock;
		for (SignedUrls.Result result : SignedUrls.Result.values()) {
			if (result != SignedUrls.Result.OK) {
				this.refusals.put(result,
						Counter.builder("cdn.signed.url.rejections")
							.description("Playlist and segment requests refused for their URL signature, by reason")
							.tag("reason", result.name().toLowerCase(Locale.ROOT).replace('_', '-'))
							.register(registry));
			}
		}
	}

	private static UrlSigningKeys keys(SignedUrlProperties properties) {
		if (properties.keysFile() != null && !properties.keysFile().isBlank()) {
			Path file = Path.of(properties.keysFile());
			try {
				return UrlSigningKeys.fromFile(file);
			}
			catch (IOException ex) {
				throw new UncheckedIOException("cdn.signed-urls.keys-file " + file + " cannot be read", ex);
			}
			catch (IllegalArgumentException ex) {
				throw new IllegalArgumentException("cdn.signed-urls.keys-file " + file + ": " + ex.getMessage());
			}
		}
		try {
			return UrlSigningKeys.parse(properties.keys().reveal());
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("cdn.signed-urls.keys: " + ex.getMessage());
		}
	}

	/** Whether this service has keys: it can sign. */
	public boolean signs() {
		return this.urls != null;
	}

	/** Whether playlists and segments are served only to signed requests. */
	public boolean required() {
		return this.required;
	}

	/** How long a signature handed to a listener is valid. */
	public Duration lifetime() {
		return this.lifetime;
	}

	/**
	 * The query (no {@code ?}) that signs every playlist of {@code trackId}, and every
	 * segment, for {@link #lifetime()}; {@code null} without keys.
	 */
	public String signTrack(String trackId) {
		if (this.urls == null) {
			return null;
		}
		return this.urls.sign(SignedUrls.trackScope(trackId), this.clock.instant().plus(this.lifetime));
	}

	/**
	 * The {@value #HEADER} value that signs one upstream fetch of {@code path} (a
	 * playlist or a segment), or {@code null} without keys or for a path no signature
	 * covers (the catalog).
	 */
	public String signUpstream(String path) {
		if (this.urls == null) {
			return null;
		}
		String scope = scopeOf(path);
		return (scope != null) ? this.urls.sign(scope, this.clock.instant().plus(UPSTREAM_LIFETIME)) : null;
	}

	/** A track's scope for its playlists, the segments' own prefix for a segment. */
	private static String scopeOf(String path) {
		if (path.startsWith(SegmentName.PATH_PREFIX)) {
			return SegmentName.PATH_PREFIX;
		}
		if (path.startsWith(TRACKS)) {
			int end = path.indexOf('/', TRACKS.length());
			return (end > TRACKS.length()) ? path.substring(0, end + 1) : null;
		}
		return null;
	}

	/**
	 * Whether a request for {@code rawPath} (as it arrived, no query) with
	 * {@code rawQuery} and {@code header} (the {@value #HEADER} value, or {@code null})
	 * may be served: always when signatures are not required, else when it carries a
	 * valid signature covering it. Counts nothing: for a fast path that hands a refusal
	 * on to {@link #check}.
	 */
	public boolean allows(String rawPath, String rawQuery, String header) {
		return !this.required || this.urls.verify(rawPath, signature(rawQuery, header)) == SignedUrls.Result.OK;
	}

	/**
	 * Whether the request's query carries a signature (a player's URL), whose playlist
	 * URIs then carry it on.
	 */
	public static boolean signedInQuery(String rawQuery) {
		return !SignedUrls.signatureOf(rawQuery).isEmpty();
	}

	/** The query's signature, else the header's. */
	private static String signature(String rawQuery, String header) {
		return (header != null && !signedInQuery(rawQuery)) ? header : rawQuery;
	}

	/**
	 * Returns when {@code request} may be served, throws the kit's problem otherwise: 403
	 * for a missing, bad or foreign signature, 410 for an expired one; counted by reason
	 * in {@code cdn_signed_url_rejections_total}.
	 */
	public void check(ServerHttpRequest request) {
		if (!this.required) {
			return;
		}
		SignedUrls.Result result = this.urls.verify(request.getURI().getRawPath(),
				signature(request.getURI().getRawQuery(), request.getHeaders().getFirst(HEADER)));
		if (result == SignedUrls.Result.OK) {
			return;
		}
		this.refusals.get(result).increment();
		throw switch (result) {
			case EXPIRED -> Problems.of(HttpStatus.GONE, "the URL's signature has expired: ask the router again");
			case MISSING -> Problems.forbidden("this URL must be signed: ask the router for the track's route");
			case OUT_OF_SCOPE -> Problems.forbidden("the URL's signature does not cover this path");
			default -> Problems.forbidden("the URL's signature is not valid");
		};
	}

	@Override
	public String toString() {
		return "SignedUrlGate[" + ((this.urls != null) ? this.urls : "no keys") + ", required=" + this.required
				+ ", lifetime=" + this.lifetime + "]";
	}

}
