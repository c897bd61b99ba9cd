package cdn.edge.web;

import java.time.Clock;

import cdn.edge.cache.CachedObject;
import cdn.edge.cache.EdgeCache;
import cdn.edge.cache.Lookup;
import cdn.edge.content.ContentPath;
import cdn.protocol.CatalogTrack;
import cdn.protocol.Rendition;
import cdn.protocol.SegmentName;
import cdn.protocol.TrackId;
import cdn.protocol.edge.CacheStatus;
import io.netty.buffer.ByteBufAllocator;
import reactor.core.publisher.Mono;

import org.springframework.core.io.ByteArrayResource;
import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The origin's read paths, served from the cache. Ids are validated (400) before the
 * cache or the upstream sees them. {@code HEAD}, {@code If-None-Match} (304) and
 * {@code Range} (206/416) are answered by the framework from the cached entity.
 */
@RestController
class ContentController {

	private static final NettyDataBufferFactory BODIES = new NettyDataBufferFactory(ByteBufAllocator.DEFAULT);

	private final EdgeCache cache;

	private final Clock clock;

	ContentController(EdgeCache cache, Clock clock) {
		this.cache = cache;
		this.clock = clock;
	}

	@GetMapping(CatalogTrack.CATALOG_PATH)
	Mono<ResponseEntity<Object>> catalog(ServerHttpRequest request) {
		return serve(ContentPath.CATALOG, request);
	}

	@GetMapping("/tracks/{trackId}/master.m3u8")
	Mono<ResponseEntity<Object>> master(@PathVariable String trackId, ServerHttpRequest request) {
		return serve(ContentPath.master(TrackId.of(trackId)), request);
	}

	@GetMapping("/tracks/{trackId}/{rendition}/index.m3u8")
	Mono<ResponseEntity<Object>> media(@PathVariable String trackId, @PathVariable String rendition,
			ServerHttpRequest request) {
		return serve(ContentPath.media(TrackId.of(trackId), Rendition.of(rendition)), request);
	}

	@GetMapping("/segments/{fileName}")
	Mono<ResponseEntity<Object>> segment(@PathVariable String fileName, ServerHttpRequest request) {
		return serve(ContentPath.segment(SegmentName.parse(fileName)), request);
	}

	private Mono<ResponseEntity<Object>> serve(ContentPath path, ServerHttpRequest request) {
		return this.cache.get(path).map((lookup) -> respond(lookup, request));
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
