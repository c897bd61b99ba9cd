package cdn.router.web;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import cdn.kit.netty.PipelineFastPath;
import cdn.kit.signedurl.SignedUrlGate;
import cdn.protocol.TrackId;
import cdn.router.routing.EdgeRouter;
import cdn.router.routing.RegionResolver;
import cdn.router.routing.RouteDecision;
import cdn.router.takedown.TakenDownTracks;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.AsciiString;
import tools.jackson.databind.json.JsonMapper;

/**
 * Answers {@code GET} and {@code HEAD /v1/route} in the connection's Netty pipeline with
 * the same decision and the same JSON as {@link RouteController} (the application's own
 * JSON mapper, {@link RouteController#body}), without the framework's dispatch, which
 * cost several times the decision itself. Handed on to the controller unchanged: a query
 * with anything but plain characters (it decodes percent-encoding), a repeated or empty
 * parameter, an invalid track or region (400), a track taken down (410), no healthy edge
 * (503), a {@code peer} (the answer carries its listener token), an {@code Accept} that
 * may not take JSON (406), and every other path.
 */
final class RouteFastPath extends PipelineFastPath {

	static final String NAME = "router.routeFastPath";

	private static final String PATH = "/v1/route";

	private static final AsciiString APPLICATION_JSON = AsciiString.cached("application/json");

	private static final AsciiString NO_STORE = AsciiString.cached("no-store");

	private final EdgeRouter router;

	private final JsonMapper json;

	private final String tracker;

	private final String signaling;

	private final SignedUrlGate signatures;

	private final TakenDownTracks takenDown;

	RouteFastPath(EdgeRouter router, JsonMapper json, String tracker, String signaling, SignedUrlGate signatures,
			TakenDownTracks takenDown) {
		this.router = router;
		this.takenDown = takenDown;
		this.signatures = signatures;
		this.json = json;
		this.tracker = tracker;
		this.signaling = signaling;
	}

	@Override
	protected FullHttpResponse answer(ChannelHandlerContext ctx, HttpRequest request) {
		if (!isPlainRead(request)) {
			return null;
		}
		String uri = request.uri();
		int query = uri.indexOf('?');
		if (!PATH.equals((query < 0) ? uri : uri.substring(0, query)) || !acceptsJson(request.headers())
				|| !this.router.hasHealthyEdge()) {
			return null;
		}
		Map<String, String> parameters = (query < 0) ? Map.of() : plainQuery(uri.substring(query + 1));
		if (parameters == null || parameters.containsKey("peer")) {
			// a token to issue: the controller's
			return null;
		}
		String track = parameters.get("track");
		byte[] body;
		try {
			TrackId trackId = (track != null) ? TrackId.of(track) : null;
			if (this.takenDown.contains(trackId)) {
				// the controller's 410
				return null;
			}
			HttpHeaders headers = request.headers();
			InetAddress client = this.router.clientAddress(
					(ctx.channel().remoteAddress() instanceof InetSocketAddress remote) ? remote : null,
					headers.get("X-Forwarded-For"));
			RouteDecision decision = this.router.route(parameters.get("region"), headers.get(RegionResolver.HEADER),
					client, trackId);
			if (!decision.hasEdge()) {
				// the last healthy edge went down since the check above: the controller's
				// 503
				return null;
			}
			body = this.json.writeValueAsBytes(
					RouteController.body(decision, track, this.tracker, this.signaling, this.signatures));
		}
		catch (RuntimeException ex) {
			// an invalid id or address: the controller answers it with its 400
			return null;
		}
		HttpHeaders headers = HEADERS.newHeaders();
		headers.add(CACHE_CONTROL, NO_STORE);
		headers.add(CONTENT_TYPE, APPLICATION_JSON);
		headers.add(CONTENT_LENGTH, body.length);
		boolean head = HttpMethod.HEAD.equals(request.method());
		return new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
				head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body), headers, EmptyHttpHeaders.INSTANCE);
	}

	/**
	 * Whether the client takes JSON: no {@code Accept}, or one naming JSON or a wildcard,
	 * without a zero quality anywhere. Anything else goes to the controller, which
	 * negotiates (406).
	 */
	static boolean acceptsJson(HttpHeaders headers) {
		String accept = headers.get(HttpHeaderNames.ACCEPT);
		if (accept == null) {
			return true;
		}
		String types = accept.toLowerCase(Locale.ROOT).replace(" ", "");
		return !types.contains("q=0")
				&& (types.contains("application/json") || types.contains("*/*") || types.contains("application/*"));
	}

	/**
	 * The parameters of a query made only of unreserved characters, {@code =} and
	 * {@code &}, each named once with a value; {@code null} for any other query, which
	 * the controller reads (and decodes) instead.
	 */
	static Map<String, String> plainQuery(String query) {
		for (int i = 0; i < query.length(); i++) {
			char c = query.charAt(i);
			boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'
					|| c == '.' || c == '_' || c == '~';
			if (!unreserved && c != '=' && c != '&') {
				return null;
			}
		}
		Map<String, String> parameters = new HashMap<>(4);
		for (String pair : query.split("&", -1)) {
			int equals = pair.indexOf('=');
			if (equals <= 0 || equals == pair.length() - 1 || pair.indexOf('=', equals + 1) >= 0
					|| parameters.put(pair.substring(0, equals), pair.substring(equals + 1)) != null) {
				return null;
			}
		}
		return parameters;
	}

}
