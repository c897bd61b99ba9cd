package cdn.edge.cache;

import java.time.Duration;
import java.util.Locale;

import cdn.edge.config.EdgeProperties;
import cdn.edge.content.ContentPath;

/**
 * How long a copy may be served, from the upstream's {@code Cache-Control} and the edge's
 * settings. Segments are named by their hash, so a verified copy never goes stale;
 * playlists and the catalog follow {@code s-maxage} / {@code max-age}, with
 * stale-while-revalidate and stale-if-error windows after that.
 *
 * @param storable whether the copy may be kept at all ({@code no-store} and
 * {@code private} are answered once and dropped)
 * @param immutable whether the copy never goes stale
 * @param maxAge freshness lifetime
 * @param staleWhileRevalidate after expiry, served at once while one background refresh
 * runs
 * @param staleIfError after expiry, served when the upstream fails
 */
public record Freshness(boolean storable, boolean immutable, Duration maxAge, Duration staleWhileRevalidate,
		Duration staleIfError) {

	/** The freshness of an object at {@code path} sent with {@code cacheControl}. */
	public static Freshness of(ContentPath path, String cacheControl, EdgeProperties.Cache settings) {
		if (path.isSegment()) {
			return new Freshness(true, true, Duration.ZERO, Duration.ZERO, Duration.ZERO);
		}
		boolean storable = true;
		Duration maxAge = null;
		Duration sharedMaxAge = null;
		Duration swr = settings.staleWhileRevalidate();
		Duration sie = settings.staleIfError();
		if (cacheControl != null) {
			for (String directive : cacheControl.split(",")) {
				String[] parts = directive.strip().split("=", 2);
				String name = parts[0].strip().toLowerCase(Locale.ROOT);
				Duration value = (parts.length == 2) ? seconds(parts[1]) : null;
				switch (name) {
					case "no-store", "private" -> storable = false;
					case "no-cache" -> {
						maxAge = Duration.ZERO;
						swr = Duration.ZERO;
					}
					case "max-age" -> maxAge = (maxAge == null) ? value : maxAge;
					case "s-maxage" -> sharedMaxAge = value;
					case "stale-while-revalidate" -> swr = (value != null) ? value : swr;
					case "stale-if-error" -> sie = (value != null && value.compareTo(sie) > 0) ? value : sie;
					default -> {
					}
				}
			}
		}
		Duration lifetime = (sharedMaxAge != null) ? sharedMaxAge
				: (maxAge != null) ? maxAge : settings.defaultMaxAge();
		return new Freshness(storable, false, lifetime, swr, sie);
	}

	private static Duration seconds(String value) {
		try {
			long seconds = Long.parseLong(value.strip().replace("\"", ""));
			return Duration.ofSeconds(Math.max(0, Math.min(seconds, Duration.ofDays(3650).toSeconds())));
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	/** How long past its fetch a copy is worth keeping at all. */
	public Duration retention() {
		if (this.immutable) {
			return null;
		}
		return this.maxAge.plus(this.staleWhileRevalidate.compareTo(this.staleIfError) > 0 ? this.staleWhileRevalidate
				: this.staleIfError);
	}

}
