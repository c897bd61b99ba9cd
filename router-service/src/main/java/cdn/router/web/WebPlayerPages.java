package cdn.router.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import cdn.kit.web.Problems;
import cdn.protocol.TrackId;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The web player the router serves ({@code router-service/README.md}): {@code /} lists
 * the catalog, {@code /listen/{trackId}} plays a track with hls.js from the routed edge,
 * the page's ES modules and the vendored hls.js under {@code /player/}. The pages live on
 * the router's origin and read from the edges', which answer CORS.
 * <p>
 * The files (about 400 KB) are read into memory once: a page asks for its dozen modules
 * at once, and reading each from the jar on every request made that take 30–100 ms.
 */
@RestController
class WebPlayerPages {

	/** Short: a new version of the player reaches browsers within minutes. */
	private static final CacheControl CACHING = CacheControl.maxAge(Duration.ofMinutes(5)).cachePublic();

	private static final Map<String, MediaType> TYPES = Map.of("html", MediaType.TEXT_HTML, "js",
			MediaType.parseMediaType("text/javascript"), "mjs", MediaType.parseMediaType("text/javascript"), "css",
			MediaType.parseMediaType("text/css"));

	private final Map<String, byte[]> files = new HashMap<>();

	WebPlayerPages() {
		try {
			PathMatchingResourcePatternResolver resolver = new PathMatchingResourcePatternResolver();
			String prefix = resolver.getResource("classpath:player/").getURL().toString();
			for (Resource file : resolver.getResources("classpath:player/**/*")) {
				if (file.isReadable() && !file.getURL().toString().endsWith("/")) {
					try (InputStream in = file.getInputStream()) {
						this.files.put(file.getURL().toString().substring(prefix.length()), in.readAllBytes());
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("the web player's files cannot be read", ex);
		}
	}

	@GetMapping("/")
	ResponseEntity<byte[]> catalog() {
		return file("index.html");
	}

	@GetMapping("/listen/{trackId}")
	ResponseEntity<byte[]> listen(@PathVariable String trackId) {
		if (!TrackId.isValid(trackId)) {
			throw Problems.badRequest("track id must match [a-z0-9][a-z0-9-]{0,63}");
		}
		return file("listen.html");
	}

	/** The page's scripts, styles and the vendored hls.js. */
	@GetMapping("/player/**")
	ResponseEntity<byte[]> playerFile(org.springframework.http.server.reactive.ServerHttpRequest request) {
		return file(request.getPath().pathWithinApplication().value().substring("/player/".length()));
	}

	private ResponseEntity<byte[]> file(String path) {
		byte[] body = this.files.get(path);
		if (body == null) {
			throw Problems.notFound("no such file of the web player");
		}
		String extension = path.substring(path.lastIndexOf('.') + 1);
		return ResponseEntity.ok()
			.contentType(TYPES.getOrDefault(extension, MediaType.TEXT_PLAIN))
			.cacheControl(CACHING)
			.body(body);
	}

}
