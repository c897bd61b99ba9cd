package cdn.kit.web;

import java.time.Duration;
import java.util.List;

import org.springframework.http.HttpMethod;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsWebFilter;
import org.springframework.web.cors.reactive.UrlBasedCorsConfigurationSource;

/**
 * CORS for the read paths a browser player fetches from another origin (the page lives on
 * the router's): {@code GET}/{@code HEAD} from the allowed origins ({@code *} by default:
 * the content is public), {@code Range} and conditional headers and {@code traceparent}
 * allowed, the headers a player reads exposed. Spring's {@link CorsWebFilter} answers
 * preflights and decorates answers; code that writes answers outside Spring (the edge's
 * Netty fast path) asks {@link #allowOrigin} for the same decision.
 */
public final class ReadCors {

	/** The answer headers a browser may read. */
	public static final List<String> EXPOSED = List.of("Content-Length", "Content-Range", "Accept-Ranges", "ETag",
			"Age", "X-Cache", "X-Edge-Region");

	private final CorsConfiguration configuration = new CorsConfiguration();

	private final boolean anyOrigin;

	/**
	 * @param allowedOrigins origins such as {@code http://localhost:8080}, or {@code *}
	 */
	public ReadCors(List<String> allowedOrigins) {
		this.configuration.setAllowedOrigins(allowedOrigins);
		this.configuration.setAllowedMethods(List.of(HttpMethod.GET.name(), HttpMethod.HEAD.name()));
		this.configuration.setAllowedHeaders(List.of("Range", "If-None-Match", "If-Modified-Since", "traceparent"));
		this.configuration.setExposedHeaders(EXPOSED);
		this.configuration.setMaxAge(Duration.ofHours(1));
		this.anyOrigin = allowedOrigins.contains(CorsConfiguration.ALL);
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
		return String.join(", ", EXPOSED);
	}

	/** Whether answers differ by origin (and so need {@code Vary: Origin}). */
	public boolean variesByOrigin() {
		return !this.anyOrigin;
	}

}
