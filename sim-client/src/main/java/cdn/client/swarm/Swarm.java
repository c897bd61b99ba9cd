package cdn.client.swarm;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import cdn.client.edge.EdgeClient;
import cdn.client.listener.ClientMetrics;
import cdn.client.listener.Listener;
import cdn.client.listener.ListenerSettings;
import cdn.client.net.Json;
import cdn.client.net.NetworkEmulator;
import cdn.client.peer.HttpPeerTransport;
import cdn.client.peer.PeerServer;
import cdn.client.play.SimClock;
import cdn.client.tracker.TrackerClient;
import cdn.protocol.CatalogTrack;
import io.micrometer.core.instrument.MeterRegistry;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import tools.jackson.databind.JsonNode;

/**
 * The services many listeners in one JVM share: one HTTP connection pool, one peer server
 * (each virtual peer has its own path), one tracker client, a few worker threads, and the
 * network emulation. Listeners are cheap: a few objects and a worker slot each.
 */
public final class Swarm implements AutoCloseable {

	/**
	 * Where the CDN is.
	 *
	 * @param router router base URL, or {@code null} to use {@code edges}
	 * @param edges fixed ranked edge URLs when there is no router
	 * @param tracker tracker base URL (when {@code null}, the router's answer names it)
	 */
	public record Endpoints(String router, List<String> edges, String tracker) {
	}

	private final Endpoints endpoints;

	private final SimClock clock;

	private final ConnectionProvider connections;

	private final HttpClient http;

	private final PeerServer server;

	private final Scheduler workers;

	private final Listener.Context context;

	private final Duration httpTimeout;

	private volatile EdgeClient.Observer edgeObserver = EdgeClient.Observer.NONE;

	public Swarm(Endpoints endpoints, SimClock clock, NetworkEmulator network, MeterRegistry registry, String bindHost,
			int peerPort, Duration httpTimeout) {
		this.endpoints = endpoints;
		this.clock = clock;
		this.httpTimeout = httpTimeout;
		this.connections = ConnectionProvider.builder("sim-client")
			.maxConnections(4096)
			.pendingAcquireMaxCount(-1)
			.maxIdleTime(Duration.ofSeconds(30))
			.build();
		this.http = HttpClient.create(this.connections).responseTimeout(httpTimeout);
		this.server = new PeerServer(bindHost, peerPort);
		this.workers = Schedulers.newParallel("listener", Math.max(2, Runtime.getRuntime().availableProcessors()),
				true);
		String tracker = (endpoints.tracker() != null) ? endpoints.tracker() : trackerFromRouter();
		this.context = new Listener.Context(clock, this.workers, new TrackerClient(this.http, tracker, httpTimeout),
				new HttpPeerTransport(HttpClient.create(this.connections)), this.server, network,
				new ClientMetrics(registry));
	}

	/** A new listener; it does nothing until {@link Listener#play} is called. */
	public Listener listener(String peerId, String region, ListenerSettings settings, String trackId) {
		return new Listener(peerId, region, settings, this.context,
				new EdgeClient(this.http, () -> edgesFor(region, trackId), this.httpTimeout, this.edgeObserver));
	}

	/** Listeners created from now on tell {@code observer} what they ask of edges. */
	public void observeEdges(EdgeClient.Observer observer) {
		this.edgeObserver = observer;
	}

	public SimClock clock() {
		return this.clock;
	}

	public TrackerClient tracker() {
		return this.context.tracker();
	}

	/** Ranked edges from the router, or the fixed list. */
	Mono<List<String>> edgesFor(String region, String trackId) {
		if (this.endpoints.router() == null) {
			return Mono.just(this.endpoints.edges());
		}
		String query = "/v1/route?region=" + URLEncoder.encode(region, StandardCharsets.UTF_8)
				+ ((trackId != null) ? "&track=" + URLEncoder.encode(trackId, StandardCharsets.UTF_8) : "");
		return this.http.get()
			.uri(this.endpoints.router() + query)
			.responseSingle((response, body) -> (response.status().code() == 200) ? body.asByteArray()
					: Mono.error(new IllegalStateException("router answered " + response.status().code())))
			.map((bytes) -> {
				List<String> edges = new ArrayList<>();
				for (JsonNode edge : Json.MAPPER.readTree(bytes).path("edges")) {
					if (edge.path("healthy").asBoolean(true)) {
						edges.add(edge.path("url").asString());
					}
				}
				return edges;
			})
			.timeout(this.httpTimeout);
	}

	/** The catalog as the first ranked edge of {@code region} serves it. */
	public List<CatalogTrack> catalog(String region) {
		List<String> edges = edgesFor(region, null).block(this.httpTimeout);
		if (edges == null || edges.isEmpty()) {
			throw new IllegalStateException("no edge to read the catalog from");
		}
		byte[] body = this.http.get()
			.uri(edges.get(0) + "/v1/catalog")
			.responseSingle((response, content) -> content.asByteArray())
			.block(this.httpTimeout);
		List<CatalogTrack> catalog = List.of(Json.MAPPER.readValue(body, CatalogTrack[].class));
		if (catalog.isEmpty()) {
			throw new IllegalStateException("the catalog is empty");
		}
		return catalog;
	}

	private String trackerFromRouter() {
		if (this.endpoints.router() == null) {
			throw new IllegalArgumentException("a tracker URL is needed when there is no router");
		}
		return this.http.get()
			.uri(this.endpoints.router() + "/v1/route?region=us-east")
			.responseSingle((response, body) -> body.asByteArray())
			.map((bytes) -> Json.MAPPER.readTree(bytes).path("tracker").asString())
			.block(this.httpTimeout);
	}

	@Override
	public void close() {
		this.server.close();
		this.workers.dispose();
		this.connections.dispose();
	}

}
