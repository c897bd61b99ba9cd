package cdn.router.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import cdn.kit.web.Problems;
import cdn.protocol.CatalogTrack;
import cdn.protocol.Rendition;
import cdn.protocol.TrackId;
import cdn.protocol.routing.Route;
import cdn.protocol.routing.RouteEdge;
import cdn.router.routing.RouteDecision;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.HtmlUtils;

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

	/**
	 * Where the listen page gets its route (an HTML comment, so the file alone is a
	 * page).
	 */
	private static final String ROUTE_MARKER = "<!-- route -->";

	private final Map<String, byte[]> files = new HashMap<>();

	private final String listenPage;

	private final RouteDecisions decisions;

	private final JsonMapper json;

	WebPlayerPages(RouteDecisions decisions, JsonMapper json) {
		this.decisions = decisions;
		this.json = json;
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
		this.listenPage = new String(this.files.get("listen.html"), StandardCharsets.UTF_8);
		if (!this.listenPage.contains(ROUTE_MARKER)) {
			throw new IllegalStateException("listen.html has no " + ROUTE_MARKER);
		}
	}

	@GetMapping("/")
	ResponseEntity<byte[]> catalog() {
		return file("index.html");
	}

	/**
	 * The player's page with this request's route in it (the answer {@code /v1/route}
	 * would give) and preloads of the routed edge's master playlist and of the held
	 * rendition's playlist: the browser fetches them while the modules load, instead of
	 * asking the router and then the edge one after another. Never cached, as a route.
	 */
	@GetMapping("/listen/{trackId}")
	ResponseEntity<String> listen(@PathVariable String trackId, @RequestParam(required = false) String region,
			@RequestParam(required = false) String rendition, ServerHttpRequest request) {
		if (!TrackId.isValid(trackId)) {
			throw Problems.badRequest("track id must match [a-z0-9][a-z0-9-]{0,63}");
		}
		TrackId track = TrackId.of(trackId);
		RouteDecision decision = this.decisions.decideOrNone(region, track, request);
		// without an edge the page asks /v1/route itself and shows its 503
		String routed = decision.hasEdge() ? routeBlock(this.decisions.answer(decision, trackId), track, rendition)
				: "";
		return ResponseEntity.ok()
			.contentType(MediaType.TEXT_HTML)
			.cacheControl(CacheControl.noStore())
			.body(this.listenPage.replace(ROUTE_MARKER, routed));
	}

	private String routeBlock(Route route, TrackId track, String rendition) {
		// "<" never reaches the page unescaped, so no string in the JSON ends the script
		String json = this.json.writeValueAsString(route).replace("<", "\\u003c");
		StringBuilder block = new StringBuilder("<script type=\"application/json\" id=\"cdn-route\">").append(json)
			.append("</script>\n");
		// the URLs the player will ask for, signature included
		String signature = (route.urlSignature() != null) ? "?" + route.urlSignature() : "";
		route.edges().stream().filter(RouteEdge::healthy).findFirst().ifPresent((edge) -> {
			preload(block, edge.url() + CatalogTrack.masterPath(track) + signature);
			if (Arrays.stream(Rendition.values()).anyMatch((known) -> known.id().equals(rendition))) {
				preload(block, edge.url() + CatalogTrack.mediaPath(track, Rendition.of(rendition)) + signature);
			}
		});
		return block.toString();
	}

	/**
	 * hls.js asks with an XMLHttpRequest without credentials: this preload matches it.
	 */
	private static void preload(StringBuilder block, String url) {
		block.append("<link rel=\"preload\" as=\"fetch\" crossorigin=\"anonymous\" href=\"")
			.append(HtmlUtils.htmlEscape(url))
			.append("\">\n");
	}

	/** The page's scripts, styles and the vendored hls.js. */
	@GetMapping("/player/**")
	ResponseEntity<byte[]> playerFile(ServerHttpRequest request) {
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
