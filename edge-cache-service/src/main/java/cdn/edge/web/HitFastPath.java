package cdn.edge.web;

import java.time.Clock;

import cdn.edge.access.ContentAccess;
import cdn.edge.cache.CachedObject;
import cdn.edge.cache.EdgeCache;
import cdn.kit.netty.PipelineFastPath;
import cdn.kit.security.SignedUrls;
import cdn.kit.signedurl.SignedUrlGate;
import cdn.kit.web.BrowserCors;
import cdn.protocol.CatalogTrack;
import cdn.protocol.edge.CacheStatus;
import brave.Span;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;

/**
 * Answers the most common request, a plain {@code GET} or {@code HEAD} of a fresh object
 * held in memory, in the connection's Netty pipeline: one response object whose body is a
 * duplicate of the object's shared off-heap buffer. A signed playlist is rewritten here
 * as the controller would ({@link SignedPlaylists}). Everything else (misses, stale
 * copies, {@code Range}, conditional requests, admin and actuator paths, a request
 * neither signed nor carrying a listener token verified before and good for the path as
 * required ({@link ContentAccess#onFastPath}: a token never seen, a forged one above all,
 * is verified by the controller, once, never on the event loop here), a path taken down:
 * {@link EdgeCache#peekFresh} holds back a blocked object, and the controller answers
 * 410) is handed on unchanged to {@link ContentController} and the rest of the
 * application; ordering and connection handling are {@link PipelineFastPath}'s. An object
 * answered for a bearer carries {@code Vary: Authorization}, as the controller's.
 */
final class HitFastPath extends PipelineFastPath {

	static final String NAME = "edge.hitFastPath";

	private static final AsciiString X_CACHE = AsciiString.cached(CacheStatus.HEADER);

	private static final AsciiString X_EDGE_REGION = AsciiString.cached(EdgeTrafficMetrics.X_EDGE_REGION);

	private static final AsciiString HIT = AsciiString.cached(CacheStatus.HIT.name());

	private static final AsciiString ETAG = AsciiString.cached("ETag");

	private static final AsciiString ACCEPT_RANGES = AsciiString.cached("Accept-Ranges");

	private static final AsciiString AGE = AsciiString.cached("Age");

	private static final AsciiString AUTHORIZATION = AsciiString.cached("Authorization");

	private final EdgeCache cache;

	private final Clock clock;

	private final EdgeTrafficMetrics traffic;

	private final AsciiString region;

	private final HitTracing tracing;

	private final BrowserCors cors;

	private final AsciiString exposedHeaders;

	private final ContentAccess access;

	/**
	 * @param tracing the span of a hit whose trace is sampled
	 * @param cors what a request from another origin (a browser player) may read
	 * @param access whether a request is signed, or carries a listener token, as
	 * required: one that is not is handed on, and refused there
	 */
	HitFastPath(EdgeCache cache, Clock clock, EdgeTrafficMetrics traffic, HitTracing tracing, BrowserCors cors,
			ContentAccess access) {
		this.cache = cache;
		this.clock = clock;
		this.traffic = traffic;
		this.region = AsciiString.of(traffic.region());
		this.tracing = tracing;
		this.cors = cors;
		this.exposedHeaders = AsciiString.of(cors.exposedHeaders());
		this.access = access;
	}

	@Override
	protected FullHttpResponse answer(ChannelHandlerContext ctx, HttpRequest request) {
		if (!isPlainRead(request) || !wholeObject(request.headers())) {
			return null;
		}
		String uri = request.uri();
		int query = uri.indexOf('?');
		String path = (query < 0) ? uri : uri.substring(0, query);
		if (!ContentObservations.isContentPath(path)) {
			return null;
		}
		ContentAccess.Grant grant = path.equals(CatalogTrack.CATALOG_PATH) ? ContentAccess.Grant.OPEN
				: this.access.onFastPath(path, (query < 0) ? null : uri.substring(query + 1),
						request.headers().get(SignedUrlGate.HEADER),
						request.headers().get(HttpHeaderNames.AUTHORIZATION));
		if (grant == ContentAccess.Grant.HAND_ON) {
			return null;
		}
		CachedObject hit = this.cache.peekFresh(path);
		if (hit == null) {
			return null;
		}
		String origin = request.headers().get(HttpHeaderNames.ORIGIN);
		String allowOrigin = (origin != null) ? this.cors.allowOrigin(origin) : null;
		if (origin != null && allowOrigin == null) {
			// another origin that may not read: Spring's CORS filter refuses it
			return null;
		}
		Span span = this.tracing.start(request);
		FullHttpResponse response = answer(request, hit);
		if (grant == ContentAccess.Grant.BEARER) {
			// answered for the listener's token: a shared cache in front must not hand it
			// to a request without one
			response.headers().add(HttpHeaderNames.VARY, AUTHORIZATION);
		}
		if (allowOrigin != null) {
			HttpHeaders headers = response.headers();
			headers.add(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, allowOrigin);
			headers.add(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, this.exposedHeaders);
			if (this.cors.variesByOrigin()) {
				headers.add(HttpHeaderNames.VARY, HttpHeaderNames.ORIGIN);
			}
		}
		if (span != null) {
			span.tag(ContentController.CACHE_TAG, CacheStatus.HIT.name()).finish();
		}
		return response;
	}

	/** No header that asks for part of the object or for a condition to be checked. */
	private static boolean wholeObject(HttpHeaders headers) {
		return !(headers.contains(HttpHeaderNames.RANGE) || headers.contains(HttpHeaderNames.IF_NONE_MATCH)
				|| headers.contains(HttpHeaderNames.IF_MODIFIED_SINCE) || headers.contains(HttpHeaderNames.IF_MATCH)
				|| headers.contains(HttpHeaderNames.IF_UNMODIFIED_SINCE) || headers.contains(HttpHeaderNames.IF_RANGE));
	}

	private FullHttpResponse answer(HttpRequest request, CachedObject object) {
		boolean head = HttpMethod.HEAD.equals(request.method());
		ByteBuf body = object.content().duplicate();
		String uri = request.uri();
		int query = uri.indexOf('?');
		if (this.access.required() && ContentController.isPlaylist(object) && query >= 0
				&& SignedUrlGate.signedInQuery(uri.substring(query + 1))) {
			// playlist tokenization, as the controller does it
			body = Unpooled
				.wrappedBuffer(SignedPlaylists.sign(object.body(), SignedUrls.signatureOf(uri.substring(query + 1))));
		}
		HttpHeaders headers = HEADERS.newHeaders();
		headers.add(CONTENT_TYPE, object.contentType());
		headers.add(CONTENT_LENGTH, body.readableBytes());
		headers.add(ETAG, object.etag());
		if (object.cacheControl() != null) {
			headers.add(CACHE_CONTROL, object.cacheControl());
		}
		if (object.path().isSegment()) {
			headers.add(ACCEPT_RANGES, HttpHeaderValues.BYTES);
		}
		headers.add(AGE, object.age(this.clock.instant()).toSeconds());
		headers.add(X_CACHE, HIT);
		headers.add(X_EDGE_REGION, this.region);
		this.traffic.record(CacheStatus.HIT, head ? 0 : body.readableBytes());
		return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
				head ? Unpooled.EMPTY_BUFFER : body, headers, EmptyHttpHeaders.INSTANCE);
	}

}
