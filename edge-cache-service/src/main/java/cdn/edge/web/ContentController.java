package cdn.edge.web;

import java.time.Clock;

import cdn.edge.access.ContentAccess;
import cdn.edge.cache.CachedObject;
import cdn.edge.cache.EdgeCache;
import cdn.edge.cache.Lookup;
import cdn.edge.content.ContentPath;
import cdn.kit.security.SignedUrls;
import cdn.kit.signedurl.SignedUrlGate;
import cdn.protocol.CatalogTrack;
import cdn.protocol.Rendition;
import cdn.protocol.SegmentName;
import cdn.protocol.TrackId;
import cdn.protocol.edge.CacheStatus;
import io.micrometer.common.KeyValue;
import io.netty.buffer.ByteBufAllocator;
import reactor.core.publisher.Mono;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.observation.ServerRequestObservationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;

/**
 * The origin's read paths, served from the cache. Ids are validated (400) before the
 * cache or the upstream sees them; with {@code cdn.signed-urls.required} a playlist or
 * segment request needs a valid URL signature (403/410) or listener token for its track
 * (401/403) first ({@link ContentAccess}); one answered for a token carries
 * {@code Vary: Authorization}. {@code HEAD}, {@code If-None-Match} (304) and
 * {@code Range} (206/416) are answered by the framework from the cached entity.
 */
@RestController
class ContentController {

	/** The span tag with the cache's answer: HIT, MISS, STALE, COALESCED. */
	static final String CACHE_TAG = "cdn.edge.cache";

	private static final NettyDataBufferFactory BODIES = new NettyDataBufferFactory(ByteBufAllocator.DEFAULT);

	private final EdgeCache cache;

	private final Clock clock;

	private final ContentAccess access;

	ContentController(EdgeCache cache, Clock clock, ContentAccess access) {
		this.cache = cache;
		this.clock = clock;
		this.access = access;
	}

	@GetMapping(CatalogTrack.CATALOG_PATH)
	Mono<ResponseEntity<Object>> catalog(ServerWebExchange exchange) {
		return serve(ContentPath.CATALOG, exchange);
	}

	@GetMapping("/tracks/{trackId}/master.m3u8")
	Mono<ResponseEntity<Object>> master(@PathVariable String trackId, ServerWebExchange exchange) {
		return serve(ContentPath.master(TrackId.of(trackId)), exchange);
	}

	@GetMapping("/tracks/{trackId}/{rendition}/index.m3u8")
	Mono<ResponseEntity<Object>> media(@PathVariable String trackId, @PathVariable String rendition,
			ServerWebExchange exchange) {
		return serve(ContentPath.media(TrackId.of(trackId), Rendition.of(rendition)), exchange);
	}

	@GetMapping("/segments/{fileName}")
	Mono<ResponseEntity<Object>> segment(@PathVariable String fileName, ServerWebExchange exchange) {
		return serve(ContentPath.segment(SegmentName.parse(fileName)), exchange);
	}

	private Mono<ResponseEntity<Object>> serve(ContentPath path, ServerWebExchange exchange) {
		if (path != ContentPath.CATALOG && this.access.check(exchange.getRequest()) == ContentAccess.Grant.BEARER) {
			// (checked before the cache: a refused request never makes the edge fetch)
			// answered for the listener's token: a shared cache in front must not hand it
			// to a request without one
			exchange.getResponse().getHeaders().add(HttpHeaders.VARY, HttpHeaders.AUTHORIZATION);
		}
		return this.cache.get(path).map((lookup) -> {
			// the request's span says how the cache answered
			ServerRequestObservationContext.findCurrent(exchange.getAttributes())
				.ifPresent((observation) -> observation
					.addHighCardinalityKeyValue(KeyValue.of(CACHE_TAG, lookup.result().name())));
			return respond(lookup, exchange.getRequest());
		});
	}

	static boolean isPlaylist(CachedObject object) {
		ContentPath.Kind kind = object.path().kind();
		return kind == ContentPath.Kind.MASTER || kind == ContentPath.Kind.MEDIA;
	}

	private ResponseEntity<Object> respond(Lookup lookup, ServerHttpRequest request) {
		CachedObject object = lookup.object();
		ResponseEntity.BodyBuilder response = ResponseEntity.ok()
			.header(HttpHeaders.CONTENT_TYPE, object.contentType())
			.eTag(object.etag())
			.header(CacheStatus.HEADER, lookup.result().name())
			.header(HttpHeaders.AGE, Long.toString(object.age(this.clock.instant()).toSeconds()));
		if (object.cacheControl() != null) {
			response.header(HttpHeaders.CACHE_CONTROL, object.cacheControl());
		}
		String query = request.getURI().getRawQuery();
		if (this.access.required() && isPlaylist(object) && SignedUrlGate.signedInQuery(query)) {
			// its URIs carry the request's signature on, for players that resolve them
			// themselves (an edge's fetch, signed in a header, gets it as made); the same
			// URL always gets the same bytes, so the ETag holds
			byte[] signed = SignedPlaylists.sign(object.body(), SignedUrls.signatureOf(query));
			return response.body(new ByteArrayResource(signed));
		}
		if (request.getHeaders().getFirst(HttpHeaders.RANGE) != null) {
			// the resource writer answers ranges: 206 with Content-Range, or 416
			return response.body(new ByteArrayResource(object.body()));
		}
		if (object.path().isSegment()) {
			response.header(HttpHeaders.ACCEPT_RANGES, "bytes");
		}
		// the shared off-heap body, written without a copy
		return response.body(BODIES.wrap(object.content().duplicate()));
	}

}
