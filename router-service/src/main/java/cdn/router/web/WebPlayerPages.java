package cdn.router.web;

import java.time.Duration;

import cdn.kit.web.Problems;
import cdn.protocol.TrackId;

import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The web player the router serves ({@code router-service/README.md}): {@code /} lists
 * the catalog, {@code /listen/{trackId}} plays a track with hls.js from the routed edge,
 * the page's ES modules and the vendored hls.js under {@code /player/}. The pages live on
 * the router's origin and read from the edges', which answer CORS.
 */
@Controller
class WebPlayerPages {

	private static final Resource CATALOG_PAGE = new ClassPathResource("player/index.html");

	private static final Resource LISTEN_PAGE = new ClassPathResource("player/listen.html");

	/** Short: a new version of the player reaches browsers within minutes. */
	private static final CacheControl PAGE_CACHING = CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic();

	@GetMapping("/")
	ResponseEntity<Resource> catalog() {
		return page(CATALOG_PAGE);
	}

	@GetMapping("/listen/{trackId}")
	ResponseEntity<Resource> listen(@PathVariable String trackId) {
		if (!TrackId.isValid(trackId)) {
			throw Problems.badRequest("track id must match [a-z0-9][a-z0-9-]{0,63}");
		}
		return page(LISTEN_PAGE);
	}

	/** The page's scripts, styles and the vendored hls.js. */
	@Bean
	static RouterFunction<ServerResponse> playerFiles() {
		return RouterFunctions.resources("/player/**", new ClassPathResource("player/"));
	}

	private static ResponseEntity<Resource> page(Resource page) {
		return ResponseEntity.ok().contentType(MediaType.TEXT_HTML).cacheControl(PAGE_CACHING).body(page);
	}

}
