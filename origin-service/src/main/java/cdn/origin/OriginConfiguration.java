package cdn.origin;

import java.time.Clock;
import java.util.List;

import cdn.kit.web.AdminAuth;
import cdn.kit.web.BrowserCors;
import cdn.origin.config.OriginProperties;
import cdn.origin.ingest.TrackIngester;
import cdn.origin.media.AudioInspector;
import cdn.origin.media.FfmpegTools;
import cdn.origin.media.HlsLadderPackager;
import cdn.origin.store.TrackStore;
import cdn.protocol.CatalogTrack;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.cors.reactive.CorsWebFilter;

/** Wires the media pipeline; the command line builds the very same objects. */
@Configuration(proxyBeanMethods = false)
class OriginConfiguration {

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

	/** The admin bearer token of ingest; without one, ingest is off. */
	@Bean
	AdminAuth adminAuth(OriginProperties properties) {
		return new AdminAuth(properties.adminToken(), "origin.admin-token", "ingest");
	}

	/**
	 * CORS on the read paths: the web player's page lives on the router's origin
	 * ({@code cdn.cors.allowed-origins}, {@code *} by default).
	 */
	@Bean
	CorsWebFilter readPathCors(@Value("${cdn.cors.allowed-origins:*}") List<String> allowedOrigins) {
		return BrowserCors.reads(allowedOrigins).filter(CatalogTrack.CATALOG_PATH, "/tracks/**", "/segments/**");
	}

	@Bean
	FfmpegTools ffmpegTools(OriginProperties properties) {
		return FfmpegTools.locate(properties.ffmpeg().directory(), properties.ffmpeg().source());
	}

	@Bean
	TrackStore trackStore(OriginProperties properties, Clock clock) {
		return new TrackStore(properties.storage(), clock);
	}

	@Bean
	TrackIngester trackIngester(FfmpegTools tools, TrackStore store, OriginProperties properties) {
		return trackIngester(tools, store, properties.ingest());
	}

	static TrackIngester trackIngester(FfmpegTools tools, TrackStore store, OriginProperties.Ingest ingest) {
		return new TrackIngester(new AudioInspector(tools, ingest.maxDuration(), ingest.timeout()),
				new HlsLadderPackager(tools, ingest.segmentDuration(), ingest.timeout()), store);
	}

}
