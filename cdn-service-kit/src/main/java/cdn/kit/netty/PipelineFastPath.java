package cdn.kit.netty;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.AsciiString;
import io.netty.util.ReferenceCountUtil;

/**
 * Answers a service's hottest request in the connection's Netty pipeline, before Reactor
 * Netty and Spring see it: {@link #answer} returns the whole response, or {@code null} to
 * hand the request on unchanged to the application (errors, anything unusual). Each
 * answer here saves the framework's dispatch, which costs several times the work of a
 * cache hit or a routing decision.
 * <p>
 * Responses stay in request order: a request is only answered here when every request
 * handed on before it has been answered completely (its last content written), so with a
 * request in flight on the slow path, the ones behind it (pipelined or early keep-alive
 * requests) follow it there. {@code Connection: close} and HTTP/1.0 without keep-alive
 * close the connection after the answer. One instance per connection, event loop only;
 * install it between Reactor Netty's HTTP codec and its HTTP handler.
 */
public abstract class PipelineFastPath extends ChannelDuplexHandler {

	/**
	 * Headers built without validation: every name and value here is the service's own.
	 */
	protected static final HttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory()
		.withNameValidation(false)
		.withValueValidation(false);

	/** Header names every answer here carries, in the case the framework writes them. */
	protected static final AsciiString CONTENT_TYPE = AsciiString.cached("Content-Type");

	protected static final AsciiString CONTENT_LENGTH = AsciiString.cached("Content-Length");

	protected static final AsciiString CACHE_CONTROL = AsciiString.cached("Cache-Control");

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

	/**
	 * The complete answer to a request, or {@code null} to hand it on. Called on the
	 * event loop for requests with a successfully decoded head; the request is released
	 * by the caller. The {@code Connection} header is added here.
	 */
	protected abstract FullHttpResponse answer(ChannelHandlerContext ctx, HttpRequest request);

	/**
	 * Whether a request is a plain {@code GET} or {@code HEAD} of HTTP/1.x without a
	 * body, {@code Expect}, {@code Upgrade} or {@code Transfer-Encoding}: the only kind
	 * worth answering here.
	 */
	protected static boolean isPlainRead(HttpRequest request) {
		HttpMethod method = request.method();
		if (!request.decoderResult().isSuccess() || !(HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method))
				|| request.protocolVersion().majorVersion() != 1) {
			return false;
		}
		HttpHeaders headers = request.headers();
		if (headers.contains(HttpHeaderNames.EXPECT) || headers.contains(HttpHeaderNames.UPGRADE)
				|| headers.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
			return false;
		}
		String length = headers.get(HttpHeaderNames.CONTENT_LENGTH);
		return length == null || "0".equals(length.strip());
	}

	@Override
	public void channelRead(ChannelHandlerContext ctx, Object msg) {
		if (this.closing) {
			ReferenceCountUtil.release(msg);
			return;
		}
		if (msg instanceof HttpRequest request) {
			FullHttpResponse response = (this.handedOn == 0) ? answer(ctx, request) : null;
			if (response == null) {
				this.handedOn++;
				ctx.fireChannelRead(msg);
				return;
			}
			boolean keepAlive = HttpUtil.isKeepAlive(request);
			if (!keepAlive) {
				response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
			}
			else if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
				response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
			}
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
			// requests (reactor/reactor-netty#4347): ask for the next request once it is
			// done
			ctx.executor().execute(() -> readMore(ctx));
		}
	}

}
