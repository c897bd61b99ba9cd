package cdn.sim.swarm;

import java.time.Duration;
import java.util.List;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.function.Supplier;

import cdn.client.edge.EdgeFailover;
import cdn.client.edge.EdgeTransport;
import cdn.client.hls.MediaLoader;
import cdn.client.http.HttpEdgeTransport;
import cdn.client.http.HttpPeerTransport;
import cdn.client.http.HttpRouterClient;
import cdn.client.http.HttpTrackerClient;
import cdn.client.http.PeerServer;
import cdn.client.http.PeerTls;
import cdn.client.listener.Listener;
import cdn.client.listener.ListenerContext;
import cdn.client.listener.ListenerLinks;
import cdn.client.listener.ListenerSettings;
import cdn.client.metrics.ClientMetrics;
import cdn.client.net.EmulatedLink;
import cdn.client.net.Json;
import cdn.client.peer.EndpointTransport;
import cdn.client.peer.PeerHosting;
import cdn.client.peer.PeerTransport;
import cdn.client.webrtc.WebRtcHosting;
import cdn.client.webrtc.WebRtcRuntime;
import cdn.client.webrtc.WebRtcUnavailableException;
import cdn.client.play.SimClock;
import cdn.client.route.ListenerTokens;
import cdn.client.route.RoutedTokens;
import cdn.client.route.RouterClient;
import cdn.client.trace.ClientTracing;
import cdn.client.tracker.TrackerClient;
import cdn.protocol.CatalogTrack;
import cdn.protocol.SegmentName;
import cdn.protocol.TrackId;
import cdn.protocol.routing.Route;
import cdn.protocol.tracker.PeerLookupRequest;
import cdn.sim.net.NetworkEmulator;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Exceptions;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.util.retry.Retry;

/**
 * The services many listeners in one JVM share: one HTTP connection pool, one peer server
 * (each virtual peer has its own path), one tracker client, a few worker threads, and the
 * network emulation. Listeners are cheap: a few objects and a worker slot each; each has
 * its own emulated downlink.
 */
public final class Swarm implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(Swarm.class);

	/**
	 * Where the CDN is.
	 *
	 * @param router router base URL, or {@code null} to use {@code edges}
	 * @param edges fixed ranked edge URLs when there is no router
	 * @param tracker tracker base URL (when {@code null}, the router's answer names it)
	 * @param signaling signaling's WebSocket URL for WebRTC (when {@code null}, the
	 * router's answer names it)
	 */
	public record Endpoints(String router, List<String> edges, String tracker, String signaling) {

		/** The signaling URL from the router's answer. */
		public Endpoints(String router, List<String> edges, String tracker) {
			this(router, edges, tracker, null);
		}

	}

	/**
	 * How the listeners serve and reach peers: where their shared peer server listens,
	 * the host other peers reach it at (the machine's address when {@code bindHost} is a
	 * wildcard, as in a container), and over which transport.
	 *
	 * @param port 0 for any free port
	 * @param relayOnly WebRTC connections only through TURN relays
	 * @param tls the peer server over TLS with a key pinned through the tracker (else
	 * plain HTTP)
	 */
	public record PeerServing(String bindHost, int port, String advertisedHost, PeerTransportMode transport,
			boolean relayOnly, boolean tls) {

		/** Over HTTP, with TLS. */
		public PeerServing(String bindHost, int port, String advertisedHost) {
			this(bindHost, port, advertisedHost, PeerTransportMode.HTTP, false, true);
		}

		/** On loopback, any port, over HTTP: one machine's swarm. */
		public static PeerServing loopback() {
			return new PeerServing("127.0.0.1", 0, "127.0.0.1");
		}

		/** The same over {@code transport}. */
		public PeerServing over(PeerTransportMode transport, boolean relayOnly) {
			return new PeerServing(this.bindHost, this.port, this.advertisedHost, transport, relayOnly, this.tls);
		}

		/** The same with the peer server over TLS or not. */
		public PeerServing withTls(boolean tls) {
			return new PeerServing(this.bindHost, this.port, this.advertisedHost, this.transport, this.relayOnly, tls);
		}

	}

	/**
	 * Sees which edge was asked for what, e.g. to check that the origin served each
	 * object at most once per edge that asked for it. Called from network threads.
	 */
	public interface EdgeObserver {

		/** {@code edge} was sent a request for {@code path}, whatever came of it. */
		void requested(String edge, String path);

		/** A 200 body of {@code length} bytes for {@code path} arrived. */
		void received(String path, int length);

	}

	private final Endpoints endpoints;

	private final SimClock clock;

	private final NetworkEmulator network;

	private final ConnectionProvider connections;

	private final HttpClient http;

	private final EdgeTransport edgeTransport;

	private final PeerTransport peerTransport;

	private final RouterClient router;

	/** Each listener's token from the router (none without a router). */
	private final ListenerTokens tokens;

	private final PeerServer server;

	private final PeerTransportMode transport;

	/** The listeners' WebRTC, {@code null} over HTTP (asked for, or the fallback). */
	private final WebRtcRuntime webrtcRuntime;

	private final WebRtcHosting webrtc;

	private final Scheduler workers;

	private final ListenerContext context;

	private final Duration httpTimeout;

	/** Each listener's downlink, for as long as the listener is referenced. */
	private final Map<Listener, EmulatedLink> downlinks = Collections.synchronizedMap(new WeakHashMap<>());

	private volatile EdgeObserver edgeObserver;

	/**
	 * @param trackerRegion the region whose route names the tracker, when no tracker URL
	 * is given
	 */
	private static final Duration STARTUP_PATIENCE = Duration.ofSeconds(60);

	public Swarm(Endpoints endpoints, SimClock clock, NetworkEmulator network, MeterRegistry registry,
			PeerServing serving, Duration httpTimeout, String trackerRegion) {
		this(endpoints, clock, network, registry, serving, httpTimeout, trackerRegion, ClientTracing.OFF);
	}

	/**
	 * @param tracing the listeners' segment traces (and the peer server's spans of them)
	 */
	public Swarm(Endpoints endpoints, SimClock clock, NetworkEmulator network, MeterRegistry registry,
			PeerServing serving, Duration httpTimeout, String trackerRegion, ClientTracing tracing) {
		this.endpoints = endpoints;
		this.clock = clock;
		this.network = network;
		this.httpTimeout = httpTimeout;
		this.connections = ConnectionProvider.builder("sim-client")
			.maxConnections(4096)
			.pendingAcquireMaxCount(-1)
			.maxIdleTime(Duration.ofSeconds(30))
			// a pool per peer server's key (pinned TLS): those of peers gone are dropped
			.disposeInactivePoolsInBackground(Duration.ofMinutes(1), Duration.ofMinutes(5))
			.build();
		this.http = HttpClient.create(this.connections).responseTimeout(httpTimeout);
		this.edgeTransport = new HttpEdgeTransport(this.http, httpTimeout);
		this.peerTransport = new HttpPeerTransport(HttpClient.create(this.connections));
		this.router = (endpoints.router() != null) ? new HttpRouterClient(this.http, endpoints.router(), httpTimeout)
				: null;
		this.server = new PeerServer(serving.bindHost(), serving.port(), serving.advertisedHost(), tracing,
				serving.tls() ? PeerTls.generate() : null);
		this.workers = Schedulers.newParallel("listener", Math.max(2, Runtime.getRuntime().availableProcessors()),
				true);
		String tracker;
		String signaling;
		try {
			// the route names the tracker and signaling (without a router: no signaling
			// unless given, and WebRTC falls back to HTTP)
			boolean signalingFromRoute = endpoints.signaling() == null && this.router != null
					&& serving.transport() != PeerTransportMode.HTTP;
			Route route = (endpoints.tracker() == null || signalingFromRoute) ? startRoute(trackerRegion) : null;
			tracker = (endpoints.tracker() != null) ? endpoints.tracker() : route.tracker();
			signaling = (endpoints.signaling() != null) ? endpoints.signaling()
					: (route != null) ? route.signaling() : null;
		}
		catch (RuntimeException ex) {
			close();
			throw ex;
		}
		this.webrtcRuntime = (serving.transport() != PeerTransportMode.HTTP) ? webrtcRuntime(signaling) : null;
		this.transport = (this.webrtcRuntime != null) ? serving.transport() : PeerTransportMode.HTTP;
		// each listener shows the tracker and signaling the token the router issued for
		// its
		// peer id
		ListenerTokens tokens = (this.router != null) ? new RoutedTokens(this.router) : ListenerTokens.NONE;
		this.tokens = tokens;
		this.webrtc = (this.webrtcRuntime != null)
				? new WebRtcHosting(this.webrtcRuntime, this.http, signaling, serving.relayOnly(), tokens) : null;
		PeerHosting hosting = switch (this.transport) {
			case HTTP -> this.server;
			case WEBRTC -> this.webrtc;
			case AUTO -> PeerHosting.alongside(this.webrtc, this.server);
		};
		this.context = new ListenerContext(clock, this.workers,
				new HttpTrackerClient(this.http, tracker, httpTimeout, tokens), hosting, new ClientMetrics(registry),
				tracing);
		if (this.webrtc != null) {
			Gauge.builder("cdn.client.webrtc.listeners", this.webrtc, WebRtcHosting::listeners)
				.description("Listeners of this process in signaling")
				.register(registry);
			Gauge.builder("cdn.client.webrtc.connections", this.webrtc, WebRtcHosting::connections)
				.description("WebRTC peer connections of this process's listeners, open or opening, both ways")
				.register(registry);
		}
	}

	/**
	 * The JVM's WebRTC, or {@code null} (HTTP peers then) where it cannot run: said in
	 * one line.
	 */
	private static WebRtcRuntime webrtcRuntime(String signaling) {
		if (signaling == null) {
			log.warn("WebRTC: no signaling URL (none given, the router named none): HTTP peers only");
			return null;
		}
		try {
			return WebRtcRuntime.start();
		}
		catch (WebRtcUnavailableException ex) {
			log.warn("{}: HTTP peers only", ex.getMessage());
			return null;
		}
	}

	/**
	 * Holders a listener asks the tracker for per segment: {@link ListenerSettings}' 3
	 * over HTTP; over WebRTC 20, as the web player asks: among many, a listener finds
	 * holders it is already connected to (a new connection costs round trips and CPU; an
	 * HTTP one is pooled).
	 */
	public int peersPerSegment() {
		return (this.transport == PeerTransportMode.HTTP) ? ListenerSettings.defaults().peersPerSegment()
				: WEBRTC_PEERS_PER_SEGMENT;
	}

	/** See {@link #peersPerSegment()}. */
	static final int WEBRTC_PEERS_PER_SEGMENT = 20;

	/** The transport the listeners use: HTTP when WebRTC was asked for but cannot run. */
	public PeerTransportMode transport() {
		return this.transport;
	}

	/**
	 * A new listener with its own downlink of {@code settings.downloadKbps()}; it does
	 * nothing until {@link Listener#play} is called.
	 */
	public Listener listener(String peerId, String region, ListenerSettings settings, String trackId) {
		EmulatedLink downlink = new EmulatedLink(this.clock, settings.downloadKbps());
		// the listener's token goes to the edges too (an edge that requires signed URLs
		// takes either; the route's signature is kept): the one issued for the track, as
		// edges take a token only for the track it names
		EdgeFailover edges = EdgeFailover.signed(observed(this.edgeTransport, this.edgeObserver),
				() -> rankingFor(region, trackId), edgeBearer(this.tokens, peerId, region, trackId));
		Listener listener = new Listener(peerId, region, settings, this.context,
				new ListenerLinks(edges, peerTransport(peerId), this.network.forListener(downlink)));
		this.downlinks.put(listener, downlink);
		return listener;
	}

	/**
	 * How listener {@code peerId} asks peers, by the endpoint each announced; over WebRTC
	 * a relay-only listener (its ICE answer, {@code --relay-only}) asks no wire server
	 * but a listener of this process ({@link WebRtcHosting#relayOnlyAware}).
	 */
	private PeerTransport peerTransport(String peerId) {
		return switch (this.transport) {
			case HTTP -> this.peerTransport;
			case WEBRTC -> this.webrtc.relayOnlyAware(peerId,
					new EndpointTransport(this.peerTransport, this.webrtc.transport(peerId), (peer) -> null),
					(peer) -> false);
			case AUTO -> this.webrtc.relayOnlyAware(peerId,
					new EndpointTransport(this.peerTransport, this.webrtc.transport(peerId), this.server::hosted),
					(peer) -> this.server.hosted(peer) != null);
		};
	}

	/**
	 * The token listener {@code peerId}'s edge requests carry: the one issued for the
	 * track it plays ({@code /v1/route?peer=&track=}), not the one it shows the tracker.
	 */
	static Supplier<Mono<String>> edgeBearer(ListenerTokens tokens, String peerId, String region, String trackId) {
		return () -> tokens.token(peerId, region, trackId);
	}

	/** The emulated downlink of a listener, so a scenario can drop its bandwidth. */
	public EmulatedLink downlink(Listener listener) {
		return this.downlinks.get(listener);
	}

	/** Listeners created from now on tell {@code observer} what they ask of edges. */
	public void observeEdges(EdgeObserver observer) {
		this.edgeObserver = observer;
	}

	public SimClock clock() {
		return this.clock;
	}

	public TrackerClient tracker() {
		return this.context.tracker();
	}

	private static EdgeTransport observed(EdgeTransport transport, EdgeObserver observer) {
		if (observer == null) {
			return transport;
		}
		return (edge, target) -> Mono.defer(() -> {
			// the object, without the URL signature each listener's route carries
			int query = target.indexOf('?');
			String path = (query < 0) ? target : target.substring(0, query);
			observer.requested(edge, path);
			return transport.get(edge, target).doOnNext((response) -> observer.received(path, response.body().length));
		});
	}

	/** Warm-up passes run one after the other, each {@code concurrency} wide. */
	static final int WARM_UP_ROUNDS = 5;

	/**
	 * Readies the JVM's shared client stack before the first listener joins: what a
	 * joining listener does before its first segment (the route, the playlists of
	 * {@code track}, a lookup, an init segment fetched and verified), {@code concurrency}
	 * at once so the connection pools hold as many connections as that many joins use,
	 * and a few rounds of it so the JIT has compiled the path. Without it, listeners that
	 * join at once pay the JVM's first-use costs (class loading, connection set-up,
	 * interpreted code) together, 0.5–1 s of startup each that no real player has, its
	 * stack running since it was opened. Failures are ignored: the listeners will meet
	 * them.
	 * @param concurrency the most listeners expected to join at once
	 */
	public void warmUp(String region, String track, int concurrency) {
		try {
			for (int round = 0; round < WARM_UP_ROUNDS; round++) {
				Flux.range(0, Math.max(1, concurrency))
					.flatMap((pass) -> warmUpPass(region, track), Math.max(1, concurrency))
					.then()
					.block(this.httpTimeout.multipliedBy(4));
			}
		}
		catch (RuntimeException ex) {
			// the listeners will meet whatever failed here, and report it
		}
	}

	private Mono<Void> warmUpPass(String region, String track) {
		return rankingFor(region, track).filter((ranked) -> !ranked.edges().isEmpty()).flatMap((ranked) -> {
			EdgeFailover warm = EdgeFailover.signed(this.edgeTransport, () -> Mono.just(ranked));
			return MediaLoader.load(warm, TrackId.of(track)).flatMap((media) -> {
				SegmentName init = media.renditions().get(0).init();
				String segment = media.renditions().get(0).segments().get(0).name().id().value();
				Mono<?> lookup = this.context.tracker()
					.lookup(new PeerLookupRequest(List.of(segment), region, 1, "warm-up"));
				Mono<?> verified = (init != null)
						? warm.get(init.path()).filter((response) -> init.id().matches(response.body())) : Mono.empty();
				return Mono.when(lookup, verified);
			});
		}).onErrorResume((error) -> Mono.empty());
	}

	/** Ranked healthy edges from the router, or the fixed list. */
	Mono<List<String>> edgesFor(String region, String trackId) {
		return rankingFor(region, trackId).map(EdgeFailover.Ranking::edges);
	}

	/**
	 * Ranked healthy edges and the signature of the track's URLs from the router, or the
	 * fixed list (unsigned).
	 */
	Mono<EdgeFailover.Ranking> rankingFor(String region, String trackId) {
		if (this.router == null) {
			return Mono.just(EdgeFailover.Ranking.unsigned(this.endpoints.edges()));
		}
		return this.router.route(region, trackId)
			.map((route) -> new EdgeFailover.Ranking(RouterClient.healthyEdges(route), route.urlSignature()));
	}

	/** The catalog as the first ranked edge of {@code region} serves it. */
	public List<CatalogTrack> catalog(String region) {
		return atStartup("the catalog of an edge of " + region,
				edgesFor(region, null).filter((edges) -> !edges.isEmpty())
					.switchIfEmpty(Mono.error(() -> new IllegalStateException("no healthy edge")))
					.flatMap((edges) -> this.http.get()
						.uri(edges.get(0) + CatalogTrack.CATALOG_PATH)
						.responseSingle((response, content) -> (response.status().code() == 200) ? content.asByteArray()
								: Mono.error(new IllegalStateException("HTTP " + response.status().code()))))
					.map((body) -> List.of(Json.MAPPER.readValue(body, CatalogTrack[].class)))
					.filter((catalog) -> !catalog.isEmpty())
					.switchIfEmpty(Mono.error(() -> new IllegalStateException("the catalog is empty"))));
	}

	/** The router's route for {@code region}: where the tracker and signaling are. */
	private Route startRoute(String region) {
		if (this.router == null) {
			throw new IllegalArgumentException("a tracker URL is needed when there is no router");
		}
		return atStartup("the router's route for " + region,
				this.router.route(region, null)
					.filter((route) -> route.tracker() != null)
					.switchIfEmpty(Mono.error(() -> new IllegalStateException("the router named no tracker"))));
	}

	/**
	 * What the swarm cannot start without, asked again for up to a minute: in a container
	 * the services may still be starting, or slow on a loaded machine.
	 * @throws IllegalStateException naming {@code what} when no answer came
	 */
	private <T> T atStartup(String what, Mono<T> call) {
		try {
			return call.timeout(this.httpTimeout)
				.retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(250)).maxBackoff(Duration.ofSeconds(3)))
				.block(STARTUP_PATIENCE);
		}
		catch (RuntimeException ex) {
			Throwable cause = Exceptions.unwrap(ex);
			while (cause.getCause() != null && cause.getMessage() == null) {
				cause = cause.getCause();
			}
			throw new IllegalStateException(what + ": no answer within " + STARTUP_PATIENCE.toSeconds() + " s ("
					+ cause.getClass().getSimpleName() + ": " + cause.getMessage() + ")");
		}
	}

	@Override
	public void close() {
		if (this.webrtc != null) {
			this.webrtc.close();
		}
		this.server.close();
		this.workers.dispose();
		this.connections.dispose();
		if (this.webrtcRuntime != null) {
			this.webrtcRuntime.close();
		}
	}

}
