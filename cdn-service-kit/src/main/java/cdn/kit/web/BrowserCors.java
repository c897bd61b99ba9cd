package cdn.kit.web;

import java.time.Duration;
import java.util.List;

import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

/**
 * CORS for what a browser listener calls from another origin (the web player's page lives
 * on the router's): the content read paths of origin and edges ({@link #reads}) and the
 * tracker's peer API ({@link #peerApi}), from the allowed origins ({@code *} by default,
 * {@code cdn.cors.allowed-origins}). Spring's {@link CorsWebFilter} answers preflights
 * and decorates answers; code that writes answers outside Spring (the edge's Netty fast
 * path) asks {@link #allowOrigin} for the same decision.
 */
public final class BrowserCors {

	/** The content answer headers a player reads. */
	public static final List<String> READ_EXPOSED = List.of("Content-Length", "Content-Range", "Accept-Ranges", "ETag",
			"Age", "X-Cache", "X-Edge-Region");

	private final CorsConfiguration configuration = new CorsConfiguration();

	private final boolean anyOrigin;

	private BrowserCors(List<String> allowedOrigins, List<String> methods, List<String> allowedHeaders,
			List<String> exposedHeaders) {
		this.configuration.setAllowedOrigins(allowedOrigins);
		this.configuration.setAllowedMethods(methods);
		this.configuration.setAllowedHeaders(allowedHeaders);
		this.configuration.setExposedHeaders(exposedHeaders);
		this.configuration.setMaxAge(Duration.ofHours(1));
		this.anyOrigin = allowedOrigins.contains(CorsConfiguration.ALL);
	}

	/**
	 * Content reads: {@code GET}/{@code HEAD} with {@code Range}, conditional headers and
	 * {@code traceparent}; the headers a player reads exposed.
	 * @param allowedOrigins origins such as {@code http://localhost:8080}, or {@code *}
	 */
	public static BrowserCors reads(List<String> allowedOrigins) {
		return new BrowserCors(allowedOrigins, List.of("GET", "HEAD"),
				List.of("Range", "If-None-Match", "If-Modified-Since", "traceparent"), READ_EXPOSED);
	}

	/**
	 * A JSON API a browser peer calls (the tracker's): {@code GET}, {@code POST},
	 * {@code DELETE} with {@code Content-Type}, {@code Authorization} (its listener
	 * token) and {@code traceparent}; {@code Retry-After} exposed.
	 */
	public static BrowserCors peerApi(List<String> allowedOrigins) {
		return new BrowserCors(allowedOrigins, List.of("GET", "POST", "DELETE"),
				List.of("Content-Type", "Authorization", "traceparent"), List.of("Retry-After"));
	}

	/** A filter answering CORS on {@code pathPatterns} ({@code /tracks/**}, ...). */
	public CorsWebFilter filter(String... pathPatterns) {
		UrlBasedCorsConfigurationSource source = new UrlBasedCorsConfigurationSource();
		for (String pattern : pathPatterns) {
			source.registerCorsConfiguration(pattern, this.configuration);
		}
		return new CorsWebFilter(source);
	}

	/**
	 * The {@code Access-Control-Allow-Origin} for a request from {@code origin}, or
	 * {@code null} if that origin is not allowed.
	 */
	public String allowOrigin(String origin) {
		return this.configuration.checkOrigin(origin);
	}

	/** The {@code Access-Control-Expose-Headers} value. */
	public String exposedHeaders() {
		return String.join(", ", this.configuration.getExposedHeaders());
	}

	/** Whether answers differ by origin (and so need {@code Vary: Origin}). */
	public boolean variesByOrigin() {
		return !this.anyOrigin;
	}

}
