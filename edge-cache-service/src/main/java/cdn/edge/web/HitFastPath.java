package cdn.edge.web;

import java.time.Clock;

import cdn.edge.cache.CacheResult;
import cdn.edge.cache.CachedObject;
import cdn.edge.cache.EdgeCache;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;

/**
 * Answers the most common request, a plain {@code GET} or {@code HEAD} of a fresh object
 * held in memory, in the connection's Netty pipeline, before Reactor Netty and Spring see
 * it: one response object whose body is a duplicate of the object's shared off-heap
 * buffer. Everything else (misses, stale copies, {@code Range}, conditional requests,
 * {@code Expect}, a body, admin and actuator paths, a target that is not exactly a cache
 * key) is handed on unchanged to {@link ContentController} and the rest of the
 * application.
 * <p>
 * Responses stay in request order: a request is only answered here when every request
 * handed on before it has been answered completely (its last content written), so with a
 * request in flight on the slow path, the ones behind it (pipelined or early keep-alive
 * requests) follow it there. {@code Connection: close} and HTTP/1.0 without keep-alive
 * close the connection after the answer. One instance per connection, event loop only.
 */
final class HitFastPath extends ChannelDuplexHandler {

	static final String NAME = "edge.hitFastPath";

	private static final AsciiString X_CACHE = AsciiString.cached(ContentController.X_CACHE);

	private static final AsciiString X_EDGE_REGION = AsciiString.cached(EdgeTrafficMetrics.X_EDGE_REGION);

	private static final AsciiString HIT = AsciiString.cached(CacheResult.HIT.name());

	private static final AsciiString CONTENT_TYPE = AsciiString.cached("Content-Type");

	private static final AsciiString CONTENT_LENGTH = AsciiString.cached("Content-Length");

	private static final AsciiString ETAG = AsciiString.cached("ETag");

	private static final AsciiString CACHE_CONTROL = AsciiString.cached("Cache-Control");

	private static final AsciiString ACCEPT_RANGES = AsciiString.cached("Accept-Ranges");

	private static final AsciiString AGE = AsciiString.cached("Age");

	private static final AsciiString CONNECTION = AsciiString.cached("Connection");

	private static final HttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory()
		.withNameValidation(false)
		.withValueValidation(false);

	private final EdgeCache cache;

	private final Clock clock;

	private final EdgeTrafficMetrics traffic;

	private final AsciiString region;

	/** Requests handed on whose responses have not been completely written yet. */
	private int handedOn;

	/** Dropping the content of a request answered here, up to its last part. */
	private boolean discarding;

	/** Closing after an answer: nothing more is read or answered. */
	private boolean closing;

	/** An answer was written and not flushed yet. */
	private boolean needsFlush;

	/** A read is due once the channel is writable again (backpressure). */
	private boolean readWhenWritable;

	HitFastPath(EdgeCache cache, Clock clock, EdgeTrafficMetrics traffic) {
		this.cache = cache;
		this.clock = clock;
		this.traffic = traffic;
		this.region = AsciiString.of(traffic.region());
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (this.closing) {
			ReferenceCountUtil.release(msg);
			return;
		}
		if (msg instanceof HttpRequest request) {
			CachedObject hit = (this.handedOn == 0) ? hit(request) : null;
			if (hit == null) {
				this.handedOn++;
				ctx.fireChannelRead(msg);
				return;
			}
			FullHttpResponse response = answer(request, hit);
			boolean keepAlive = HttpUtil.isKeepAlive(request);
			this.discarding = !(msg instanceof LastHttpContent);
			ReferenceCountUtil.release(msg);
			send(ctx, response, keepAlive);
			if (!this.discarding && !this.closing) {
				readMore(ctx);
			}
			return;
		}
		if (this.discarding && msg instanceof HttpContent) {
			this.discarding = !(msg instanceof LastHttpContent);
			ReferenceCountUtil.release(msg);
			if (!this.discarding) {
				readMore(ctx);
			}
			return;
		}
		ctx.fireChannelRead(msg);
	}

	/** The fresh object a request may be answered with here, else {@code null}. */
	private CachedObject hit(HttpRequest request) {
		HttpMethod method = request.method();
		if (!request.decoderResult().isSuccess() || !(HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method))
				|| request.protocolVersion().majorVersion() != 1) {
			return null;
		}
		String uri = request.uri();
		int query = uri.indexOf('?');
		String path = (query < 0) ? uri : uri.substring(0, query);
		if (!ContentObservations.isContentPath(path) || !plain(request.headers())) {
			return null;
		}
		return this.cache.peekFresh(path);
	}

	/** No header that asks for anything but the whole object, and no body. */
	private static boolean plain(HttpHeaders headers) {
		if (headers.contains(HttpHeaderNames.RANGE) || headers.contains(HttpHeaderNames.IF_NONE_MATCH)
				|| headers.contains(HttpHeaderNames.IF_MODIFIED_SINCE) || headers.contains(HttpHeaderNames.IF_MATCH)
				|| headers.contains(HttpHeaderNames.IF_UNMODIFIED_SINCE) || headers.contains(HttpHeaderNames.IF_RANGE)
				|| headers.contains(HttpHeaderNames.EXPECT) || headers.contains(HttpHeaderNames.UPGRADE)
				|| headers.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
			return false;
		}
		String length = headers.get(HttpHeaderNames.CONTENT_LENGTH);
		return length == null || "0".equals(length.strip());
	}

	private FullHttpResponse answer(HttpRequest request, CachedObject object) {
		boolean head = HttpMethod.HEAD.equals(request.method());
		HttpHeaders headers = HEADERS.newHeaders();
		headers.add(CONTENT_TYPE, object.contentType());
		headers.add(CONTENT_LENGTH, object.size());
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
		if (!HttpUtil.isKeepAlive(request)) {
			headers.add(CONNECTION, HttpHeaderValues.CLOSE);
		}
		else if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
			headers.add(CONNECTION, HttpHeaderValues.KEEP_ALIVE);
		}
		this.traffic.record(CacheResult.HIT, head ? 0 : object.size());
		return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
				head ? Unpooled.EMPTY_BUFFER : object.content().duplicate(), headers, EmptyHttpHeaders.INSTANCE);
	}

	private void send(ChannelHandlerContext ctx, FullHttpResponse response, boolean keepAlive) {
		if (keepAlive) {
			ctx.write(response, ctx.voidPromise());
			this.needsFlush = true;
			return;
		}
		this.closing = true;
		this.needsFlush = false;
		ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
	}

	/**
	 * Reactor Netty reads on demand (auto-read off): a request answered here never
	 * reaches the handler that would ask for the next one, so this one does, once the
	 * socket can take more.
	 */
	private void readMore(ChannelHandlerContext ctx) {
		if (ctx.channel().config().isAutoRead()) {
			return;
		}
		if (ctx.channel().isWritable()) {
			ctx.read();
		}
		else {
			this.readWhenWritable = true;
		}
	}

	@Override
	public void channelReadComplete(ChannelHandlerContext ctx) {
		if (this.needsFlush) {
			this.needsFlush = false;
			ctx.flush();
		}
		ctx.fireChannelReadComplete();
	}

	@Override
	public void channelWritabilityChanged(ChannelHandlerContext ctx) {
		if (this.readWhenWritable && ctx.channel().isWritable()) {
			this.readWhenWritable = false;
			ctx.read();
		}
		ctx.fireChannelWritabilityChanged();
	}

	@Override
	public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
		// the end of a response to a request handed on (a 100 Continue is not one)
		boolean lastHandedOn = msg instanceof LastHttpContent && this.handedOn > 0
				&& !(msg instanceof HttpResponse response
						&& response.status().codeClass() == HttpStatusClass.INFORMATIONAL)
				&& --this.handedOn == 0;
		ctx.write(msg, promise);
		if (lastHandedOn && !this.closing) {
			// Reactor Netty 1.3.7 can forget to read again after answering pipelined
			// requests
			// (reactor/reactor-netty#4347): ask for the next request once it is done
			ctx.executor().execute(() -> readMore(ctx));
		}
	}

}
