package cdn.client.http;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import brave.Span;
import cdn.client.net.Json;
import cdn.client.peer.PeerExchange;
import cdn.client.peer.PeerHost;
import cdn.client.peer.PeerHosting;
import cdn.client.peer.SegmentServing;
import cdn.client.trace.ClientTracing;
import cdn.kit.netty.KeepAliveStallWorkaround;
import cdn.protocol.Region;
import cdn.protocol.SegmentId;
import cdn.protocol.peer.PeerWire;
import cdn.protocol.tracker.PeerEntry;
import cdn.protocol.tracker.PeerLookupRequest;
import cdn.protocol.tracker.PeerLookupResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The peer wire protocol's server side, one per JVM for all its virtual peers: {@code GET
 * /p/{peerId}/p2p/segments/{segmentId}} answers from that peer's
 * {@link cdn.client.peer.SegmentCache} as {@link SegmentServing} decides: 200 with the
 * bytes, 404 when not held, 503 when the peer has no upload slot free or does not upload
 * at all (metered); the asker bounds its own wait by closing the request.
 * <p>
 * Over TLS by default ({@link PeerTls}: a key of its own, pinned through the tracker);
 * plain HTTP only when asked for ({@code tls == null}), e.g. to measure what TLS costs.
 */
public final class PeerServer implements PeerHosting, AutoCloseable {

	static {
		// before the first server of the JVM starts (see KeepAliveStallWorkaround)
		KeepAliveStallWorkaround.apply();
	}

	/** The span of a request served here. */
	public static final String SPAN_NAME = "peer serve";

	private final Map<String, PeerHost> hosts = new ConcurrentHashMap<>();

	private final DisposableServer server;

	private final String host;

	private final ClientTracing tracing;

	private final PeerTls tls;

	public PeerServer(String bindHost, int port) {
		this(bindHost, port, bindHost);
	}

	/**
	 * @param advertisedHost the host other peers reach this server at, in the endpoints
	 * it hands out (differs from {@code bindHost} when that is a wildcard address, e.g.
	 * in a container)
	 */
	public PeerServer(String bindHost, int port, String advertisedHost) {
		this(bindHost, port, advertisedHost, ClientTracing.OFF);
	}

	/**
	 * @param tracing a request that carries a {@code traceparent} is a server span of the
	 * asking listener's segment trace
	 */
	public PeerServer(String bindHost, int port, String advertisedHost, ClientTracing tracing) {
		this(bindHost, port, advertisedHost, tracing, PeerTls.generate());
	}

	/**
	 * @param tls its key, {@code null} for plain HTTP
	 */
	public PeerServer(String bindHost, int port, String advertisedHost, ClientTracing tracing, PeerTls tls) {
		this.tracing = tracing;
		this.tls = tls;
		this.host = advertisedHost.contains(":") ? "[" + advertisedHost + "]" : advertisedHost;
		HttpServer server = HttpServer.create();
		if (tls != null) {
			server = server.secure((spec) -> spec.sslContext(tls.serverContext()));
		}
		this.server = server.host(bindHost)
			.port(port)
			.route((routes) -> routes
				.get("/p/{peerId}" + PeerWire.SEGMENTS_PATH + "{segmentId}",
						(request, response) -> traced(request, response))
				.get("/p/{peerId}" + PeerWire.PEERS_PATH, this::exchange))
			.bindNow(Duration.ofSeconds(10));
	}

	/** The endpoint other peers use to reach {@code peerId}. */
	@Override
	public String endpoint(String peerId) {
		return ((this.tls != null) ? "https://" : "http://") + this.host + ":" + this.server.port() + "/p/" + peerId;
	}

	/** The pin of this server's key, {@code null} over plain HTTP. */
	@Override
	public String endpointPin(String peerId) {
		return (this.tls != null) ? this.tls.pin() : null;
	}

	@Override
	public void register(String peerId, List<String> swarms, PeerHost host) {
		// one server for every swarm; a listener that only asks is not served
		if (host != null) {
			this.hosts.put(peerId, host);
		}
	}

	/**
	 * {@code peer} as reached on this server if it serves that listener, else
	 * {@code null}: a peer of this process is reached here whatever it announced.
	 */
	public PeerEntry hosted(PeerEntry peer) {
		String peerId = peer.peerId();
		return this.hosts.containsKey(peerId) ? peer.at(endpoint(peerId), endpointPin(peerId)) : null;
	}

	@Override
	public void unregister(String peerId) {
		this.hosts.remove(peerId);
	}

	private Mono<Void> traced(HttpServerRequest request, HttpServerResponse response) {
		Span span = this.tracing.serverSpan(request.requestHeaders()::get, SPAN_NAME);
		Mono<Void> served = serve(request.param("peerId"), request.param("segmentId"), response);
		if (span == null) {
			return served;
		}
		return served.doFinally((signal) -> {
			span.tag("http.status_code", Integer.toString(response.status().code()));
			span.finish();
		});
	}

	/**
	 * {@code GET /p/{peerId}/p2p/peers?segments=a,b&region=r}: peer exchange
	 * ({@link PeerExchange}), {@code 400} for a malformed query, {@code 404} for a peer
	 * not served here.
	 */
	private Mono<Void> exchange(HttpServerRequest request, HttpServerResponse response) {
		QueryStringDecoder query = new QueryStringDecoder(request.uri());
		List<SegmentId> segments = PeerExchange.segmentsOf(first(query, "segments"));
		String region = first(query, "region");
		if (segments == null || region == null || !Region.isValid(region)) {
			return response.status(HttpResponseStatus.BAD_REQUEST)
				.sendString(Mono.just("segments: up to " + PeerLookupRequest.MAX_SEGMENTS
						+ " comma-separated segment ids; region: a region id"))
				.then();
		}
		PeerHost host = this.hosts.get(request.param("peerId"));
		if (host == null) {
			return response.status(HttpResponseStatus.NOT_FOUND).send();
		}
		return host.exchange(segments, region)
			.map((told) -> Json.MAPPER.writeValueAsBytes(new PeerLookupResponse(told)))
			.flatMap((json) -> response.header("Content-Type", "application/json")
				.header("Content-Length", Integer.toString(json.length))
				.sendByteArray(Mono.just(json))
				.then());
	}

	private static String first(QueryStringDecoder query, String name) {
		List<String> values = query.parameters().get(name);
		return (values == null || values.size() != 1) ? null : values.get(0);
	}

	private Mono<Void> serve(String peerId, String segment, HttpServerResponse response) {
		PeerHost peer = SegmentId.isValid(segment) ? this.hosts.get(peerId) : null;
		return SegmentServing.answer(peer, (peer != null) ? SegmentId.of(segment) : null,
				(bytes) -> response.header("Content-Type", "application/octet-stream")
					.header("Content-Length", Integer.toString(bytes.length))
					.sendByteArray(Mono.just(bytes))
					.then(),
				() -> response.status(HttpResponseStatus.NOT_FOUND).send(),
				() -> response.status(HttpResponseStatus.SERVICE_UNAVAILABLE).header("Retry-After", "1").send());
	}

	public int port() {
		return this.server.port();
	}

	@Override
	public void close() {
		this.server.disposeNow(Duration.ofSeconds(5));
	}

}
