package cdn.router.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import cdn.kit.security.Secret;
import cdn.protocol.Region;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Every setting of the router, bindable from the environment ({@code ROUTER_DISCOVERY},
 * {@code ROUTER_DEFAULT_REGION}, {@code ROUTER_HEALTH_INTERVAL}, ...). Documented with
 * defaults in {@code router-service/README.md}; the default static edges and latency
 * matrix are in {@code application.yml}.
 *
 * @param discovery where the edges come from: {@code static} (the {@code edges} list) or
 * {@code kubernetes} (pods of the edge workload)
 * @param edges the static edges, used when discovery is {@code static}
 * @param defaultRegion region of a client that asks for none (or an unknown one) and
 * whose address is in no configured subnet
 * @param trustForwardedFor take the client address from the first {@code X-Forwarded-For}
 * entry (only behind a proxy that sets it)
 * @param tracker tracker base URL handed to clients
 * @param signaling signaling WebSocket URL handed to clients
 * @param subnets client subnets per region (Traffic Control's coverage zones): region to
 * CIDR blocks, longest prefix wins
 * @param health how edges are probed and when they change state
 * @param routing how edges are ranked
 * @param kubernetes where edge pods are found when discovery is {@code kubernetes}
 * @param tokens the listener tokens the route answer carries
 * @param adminToken the operator's bearer token of {@code /v1/admin/*} (the takedown API;
 * at least 16 characters); empty switches it off (403)
 * @param adminTokenFile a file holding the admin token instead (a mounted secret)
 * @param admin where a takedown is sent and with which operator tokens
 */
@ConfigurationProperties("router")
public record RouterProperties(@DefaultValue("static") Discovery discovery, List<StaticEdge> edges,
		@DefaultValue("us-east") String defaultRegion, @DefaultValue("false") boolean trustForwardedFor,
		@DefaultValue("http://localhost:8090") URI tracker,
		@DefaultValue("ws://localhost:8091/v1/signal") URI signaling, Map<String, List<String>> subnets,
		@DefaultValue Health health, @DefaultValue Routing routing, @DefaultValue Kubernetes kubernetes,
		@DefaultValue Tokens tokens, @DefaultValue("") Secret adminToken, Path adminTokenFile,
		@DefaultValue Admin admin) {

	public RouterProperties {
		adminToken = Secret.literalOrFile(adminToken, adminTokenFile, "router.admin-token");
		edges = (edges != null) ? List.copyOf(edges) : List.of();
		subnets = (subnets != null) ? Map.copyOf(subnets) : Map.of();
		Region.require(defaultRegion, "router.default-region");
		subnets.keySet().forEach((region) -> Region.require(region, "router.subnets key"));
		if (discovery == Discovery.STATIC && edges.isEmpty()) {
			throw new IllegalArgumentException("router.edges must list at least one edge when router.discovery=static");
		}
	}

	/** Where the edges come from. */
	public enum Discovery {

		/** The {@code router.edges} list. */
		STATIC,

		/** Pods of the edge workload, watched through the Kubernetes API. */
		KUBERNETES

	}

	/**
	 * An edge of the static list.
	 *
	 * @param url base URL, e.g. {@code http://localhost:8082}
	 * @param region the edge's region
	 */
	public record StaticEdge(URI url, String region) {

		public StaticEdge {
			if (url == null || url.getHost() == null
					|| !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
				throw new IllegalArgumentException("router.edges[].url must be an absolute http(s) URL: " + url);
			}
			Region.require(region, "router.edges[].region");
		}

	}

	/**
	 * @param interval time between two probes of an edge
	 * @param timeout longest a probe may take before it counts as a failure
	 * @param failuresToDown consecutive failed probes that take a healthy edge out
	 * @param successesToUp consecutive good probes that bring a failed edge back
	 * @param readinessPath path probed on every edge; 2xx means ready
	 * @param statusPath path of the edge's load report ({@code {"load": 0..1}}); 404 or
	 * no {@code load} field counts as load 0
	 */
	public record Health(@DefaultValue("1s") Duration interval, @DefaultValue("500ms") Duration timeout,
			@DefaultValue("2") int failuresToDown, @DefaultValue("2") int successesToUp,
			@DefaultValue("/actuator/health/readiness") String readinessPath,
			@DefaultValue("/v1/status") String statusPath) {

		public Health {
			if (interval.isNegative() || interval.isZero() || timeout.isNegative() || timeout.isZero()) {
				throw new IllegalArgumentException("router.health.interval and timeout must be positive");
			}
			if (timeout.compareTo(interval) > 0) {
				throw new IllegalArgumentException("router.health.timeout must not exceed router.health.interval");
			}
			if (failuresToDown < 1 || successesToUp < 1) {
				throw new IllegalArgumentException(
						"router.health.failures-to-down and successes-to-up must be at least 1");
			}
		}

	}

	/**
	 * @param spillLoad load at or above which an edge is passed over for the next one
	 * @param recoverLoad load below which a passed-over edge takes its tracks back
	 * (hysteresis, so that tracks do not flap between two edges)
	 * @param maxEdges most edges in a route answer (at least 2)
	 * @param latency round-trip time between regions, used to order the edges of other
	 * regions; symmetric unless both directions are given; unknown pairs rank last
	 */
	public record Routing(@DefaultValue("0.8") double spillLoad, @DefaultValue("0.7") double recoverLoad,
			@DefaultValue("4") int maxEdges, Map<String, Map<String, Duration>> latency) {

		public Routing {
			latency = (latency != null) ? Map.copyOf(latency) : Map.of();
			if (!(spillLoad > 0 && spillLoad <= 1) || !(recoverLoad >= 0 && recoverLoad <= spillLoad)) {
				throw new IllegalArgumentException(
						"router.routing needs 0 < spill-load <= 1 and 0 <= recover-load <= spill-load");
			}
			if (maxEdges < 2) {
				throw new IllegalArgumentException("router.routing.max-edges must be at least 2");
			}
			latency.forEach((from, row) -> {
				Region.require(from, "router.routing.latency key");
				row.keySet().forEach((to) -> Region.require(to, "router.routing.latency key"));
			});
		}

	}

	/**
	 * @param apiUrl Kubernetes API server; empty to use the in-cluster service account or
	 * the kubeconfig
	 * @param namespace namespace of the edge pods; empty for the router's own
	 * @param labelSelector selects the edge pods
	 * @param port the edge container's port, by name or number
	 * @param scheme {@code http} or {@code https}
	 * @param regionLabels pod labels holding the region, first present wins; a pod
	 * without any is in the default region
	 * @param resync how often the informer replays its cache (0: never)
	 */
	public record Kubernetes(@DefaultValue("") String apiUrl, @DefaultValue("") String namespace,
			@DefaultValue("app.kubernetes.io/component=edge") String labelSelector, @DefaultValue("http") String port,
			@DefaultValue("http") String scheme, @DefaultValue( {
					"cdn.region", "topology.kubernetes.io/region" }) List<String> regionLabels,
			@DefaultValue("0s") Duration resync){

		public Kubernetes {
			if (!"http".equals(scheme) && !"https".equals(scheme)) {
				throw new IllegalArgumentException("router.kubernetes.scheme must be http or https");
			}
			boolean number = !port.isEmpty() && port.chars().allMatch(Character::isDigit);
			if (port.isBlank() || (number
					&& (port.length() > 5 || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535))) {
				throw new IllegalArgumentException(
						"router.kubernetes.port must name the edge's container port or number it (1-65535)");
			}
			regionLabels = List.copyOf(regionLabels);
		}

	}

	/**
	 * Listener tokens (ES256 JWTs, {@code cdn.kit.security}) for {@code /v1/route?peer=}.
	 *
	 * @param keysDir the signing keys ({@code <kid>.key.pem}, {@code <kid>.pub.pem},
	 * {@code current}); empty: the router issues no token (the services that verify them
	 * must then not require one)
	 * @param lifetime how long a token is valid (at most 1 h)
	 * @param tenant the tenant named in every token this router issues
	 */
	public record Tokens(@DefaultValue("") String keysDir, @DefaultValue("10m") Duration lifetime,
			@DefaultValue("default") String tenant) {

		public Tokens {
			if (lifetime.isNegative() || lifetime.isZero() || lifetime.compareTo(Duration.ofHours(1)) > 0) {
				throw new IllegalArgumentException("router.tokens.lifetime must be positive and at most 1h");
			}
		}

		public boolean enabled() {
			return !this.keysDir.isBlank();
		}

	}

	/**
	 * A takedown's fan-out ({@code POST /v1/admin/takedowns/{trackId}}): the origin, the
	 * tracker and every edge of the registry, each with its operator token. A token left
	 * empty is {@code router.admin-token}: one operator token for the whole deployment
	 * (what {@code ./cdn up} does) needs one setting.
	 *
	 * @param originUrl the origin's base URL (its {@code /v1/admin/tracks/{id}})
	 * @param trackerUrl the tracker's base URL as the router reaches it; empty:
	 * {@code router.tracker}
	 * @param originToken the origin's {@code origin.admin-token}
	 * @param originTokenFile a file holding it instead
	 * @param edgeToken the edges' {@code edge.admin-token} (one for every edge)
	 * @param edgeTokenFile a file holding it instead
	 * @param trackerToken the tracker's {@code tracker.admin-token}
	 * @param trackerTokenFile a file holding it instead
	 * @param timeout longest one call may take, connect included (a takedown makes two
	 * rounds: origin and tracker, then the edges)
	 */
	public record Admin(@DefaultValue("http://localhost:8081") URI originUrl, @DefaultValue("") String trackerUrl,
			@DefaultValue("") Secret originToken, Path originTokenFile, @DefaultValue("") Secret edgeToken,
			Path edgeTokenFile, @DefaultValue("") Secret trackerToken, Path trackerTokenFile,
			@DefaultValue("5s") Duration timeout) {

		public Admin {
			originToken = Secret.literalOrFile(originToken, originTokenFile, "router.admin.origin-token");
			edgeToken = Secret.literalOrFile(edgeToken, edgeTokenFile, "router.admin.edge-token");
			trackerToken = Secret.literalOrFile(trackerToken, trackerTokenFile, "router.admin.tracker-token");
			if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
				throw new IllegalArgumentException("router.admin.timeout must be positive and at most 1m");
			}
			if (!trackerUrl.isBlank()) {
				URI tracker = URI.create(trackerUrl);
				if (tracker.getHost() == null
						|| !("http".equals(tracker.getScheme()) || "https".equals(tracker.getScheme()))) {
					throw new IllegalArgumentException("router.admin.tracker-url must be an absolute http(s) URL");
				}
			}
			if (originUrl.getHost() == null
					|| !("http".equals(originUrl.getScheme()) || "https".equals(originUrl.getScheme()))) {
				throw new IllegalArgumentException("router.admin.origin-url must be an absolute http(s) URL");
			}
		}

	}

}
