package cdn.deploy;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.Container;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.DockerComposeContainer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The suite as docker-compose users run it, on real containers: builds every image
 * ({@code docker/build-images.sh}), brings {@code docker-compose.yml} up through
 * Testcontainers, checks that security is on (tokens and signed URLs, keys made by the
 * one-shot service {@code keys}), plays a track with 4 sim-client containers × 5
 * listeners over the container network (WebRTC DataChannels between containers, HTTP
 * within one), stops the {@code eu-west} edge mid-stream, and checks the peer share, the
 * playbacks, the router's failover and Prometheus's targets; then
 * {@code docker-compose down -v} must leave no container, network or volume behind. Logs
 * and refusal counters: {@link #diagnose}.
 * <p>
 * Needs a Docker engine and docker-compose; without them the test is skipped, saying so,
 * except where {@code CI} is set ({@code .ci/run} installs and starts both, and makes the
 * base images): there it fails.
 */
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class ComposeStackIT {

	private static final Path ROOT = Repository.ROOT;

	private static final String TRACK = "concert-pitch";

	private static final int SIM_CONTAINERS = 4;

	private static final int LISTENERS_PER_CONTAINER = 5;

	/**
	 * Static scrape jobs of prometheus/prometheus.compose.yml (the edge job has three).
	 */
	private static final Set<String> SERVICE_JOBS = Set.of("origin", "edge", "tracker", "signaling", "router");

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	/** Testcontainers names the compose project: this and a random suffix. */
	private final String project = "cdnit" + UUID.randomUUID().toString().substring(0, 6);

	private final Map<String, Integer> ports = new HashMap<>();

	private DockerComposeContainer<?> stack;

	private Path reports;

	/** The router's view of its edges, polled after the eu-west edge stopped. */
	private final List<String> edgeTimeline = new ArrayList<>();

	@BeforeEach
	void dockerAnswers() {
		boolean docker = DockerClientFactory.instance().isDockerAvailable() && commandExists("docker-compose");
		if (!docker && System.getenv("CI") != null) {
			throw new IllegalStateException("CI is set but no Docker engine or docker-compose answers: .ci/run "
					+ "installs docker.io and docker-compose and starts dockerd");
		}
		Assumptions.assumeTrue(docker, "no Docker engine or no docker-compose here: the compose stack cannot run "
				+ "(apt-get install docker.io docker-compose; dockerd)");
	}

	@AfterEach
	void down() {
		if (this.stack != null) {
			this.stack.stop();
		}
	}

	@Test
	void theStackPlaysThroughPeersSurvivesAnEdgeAndIsScrapedAndLeavesNothingBehind() throws Exception {
		long began = System.nanoTime();
		run(Duration.ofMinutes(10), ROOT.resolve("docker/build-images.sh").toString());
		long built = System.nanoTime();

		this.reports = Files.createTempDirectory("sim-reports");
		// the listeners run as uid 10001
		Files.setPosixFilePermissions(this.reports, PosixFilePermissions.fromString("rwxrwxrwx"));
		this.stack = new DockerComposeContainer<>(this.project, ROOT.resolve("docker-compose.yml").toFile())
			.withEnv(environment())
			.withPull(false)
			.withRemoveVolumes(true)
			// everything but Grafana (no image of it can be had here)
			.withServices("origin", "edge-us-east", "edge-eu-west", "edge-ap-south", "redis", "tracker", "signaling",
					"router", "prometheus", "sim-client")
			.withScaledService("sim-client", SIM_CONTAINERS)
			.withStartupTimeout(Duration.ofMinutes(6));
		this.stack.start();
		long up = System.nanoTime();
		try {
			playThroughPeersAndSurviveAnEdge(began, built, up);
		}
		catch (Throwable failure) {
			// why: the services' and one listener container's logs, the refusals counted
			diagnose(true);
			throw failure;
		}
	}

	private void playThroughPeersAndSurviveAnEdge(long began, long built, long up) throws Exception {
		String router = "http://127.0.0.1:" + this.ports.get("ROUTER_PORT");
		String prometheus = "http://127.0.0.1:" + this.ports.get("PROMETHEUS_PORT");
		String euWest = "http://127.0.0.1:" + this.ports.get("EDGE_EU_WEST_PORT");
		String usEast = "http://127.0.0.1:" + this.ports.get("EDGE_US_EAST_PORT");
		String tracker = "http://127.0.0.1:" + this.ports.get("TRACKER_PORT");

		// Prometheus (in its container) scrapes every service
		await("every service's target up in Prometheus").atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofSeconds(2))
			.ignoreExceptions()
			.untilAsserted(() -> assertThat(targetsUp(prometheus)).containsAll(SERVICE_JOBS)
				.contains("edge:edge-us-east:8082", "edge:edge-eu-west:8082", "edge:edge-ap-south:8082")
				.contains("sim-client"));

		// security on by default (the service "keys" made the keys): a route carries a
		// listener token and a URL signature; edges refuse unsigned content, the tracker
		// tokenless calls (retried: the first signed playlist is a cold fetch from the
		// origin while every container starts)
		String master = usEast + "/tracks/" + TRACK + "/master.m3u8";
		await("security on: tokens and signatures handed out and required").atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofSeconds(1))
			.ignoreExceptions()
			.untilAsserted(() -> {
				JsonNode signedRoute = JSON
					.readTree(get(router + "/v1/route?region=us-east&track=" + TRACK + "&peer=probe-1"));
				assertThat(signedRoute.path("token").asString("")).as("listener token in the route").isNotEmpty();
				String signature = signedRoute.path("urlSignature").asString("");
				assertThat(signature).as("URL signature in the route").isNotEmpty();
				assertThat(status(master)).as("unsigned playlist").isEqualTo(403);
				assertThat(status(master + "?" + signature)).as("signed playlist").isEqualTo(200);
				assertThat(status(tracker + "/v1/peers?segment=" + "0".repeat(64) + "&region=us-east"))
					.as("tracker lookup without a token")
					.isEqualTo(401);
			});

		// mid-stream: once the eu-west edge has served its listeners, it dies
		await("the eu-west edge serving segments").atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(500))
			.until(() -> counter(euWest, "cdn_edge_requests_total") >= 5);
		DockerClient docker = DockerClientFactory.instance().client();
		docker.stopContainerCmd(container("edge-eu-west").getId()).withTimeout(5).exec();
		long stopped = System.nanoTime();
		await("the router taking the eu-west edge out").atMost(Duration.ofSeconds(15))
			.pollInterval(Duration.ofMillis(250))
			.ignoreExceptions()
			.until(() -> !edgeHealthy(router, "eu-west", stopped));
		double failoverSeconds = (System.nanoTime() - stopped) / 1e9;
		// the route for eu-west names another region's edge. Retried: on this 2-core host
		// the router's probes (500 ms) of every edge can time out at once for a few
		// seconds while all containers are busy, and a router with no healthy edge
		// answers
		// 503 (seen: every edge "down: timeout" for ~3 s, loads near 0); each such answer
		// is printed with the router's view of its edges
		String routeUrl = router + "/v1/route?region=eu-west&track=" + TRACK;
		List<String> refusedRoutes = new ArrayList<>();
		await("a route for eu-west from another region").atMost(Duration.ofSeconds(20))
			.pollInterval(Duration.ofMillis(500))
			.ignoreExceptions()
			.untilAsserted(() -> {
				HttpResponse<String> routeAnswer = send(routeUrl);
				if (routeAnswer.statusCode() != 200) {
					String edgesNow = edgesView(router, stopped);
					this.edgeTimeline.add(edgesNow);
					refusedRoutes.add(routeAnswer.statusCode() + " " + routeAnswer.body() + " with edges " + edgesNow);
				}
				assertThat(routeAnswer.statusCode())
					.as("%s after the eu-west edge stopped: %s%nthe router's edges since the stop:%n%s", routeUrl,
							routeAnswer.body(), String.join("\n", this.edgeTimeline))
					.isEqualTo(200);
				assertThat(JSON.readTree(routeAnswer.body()).get("edges").get(0).get("region").asString())
					.isNotEqualTo("eu-west");
			});
		refusedRoutes.forEach((refused) -> System.out.println("route for eu-west refused: " + refused));

		// every listener plays to the end
		await("every sim-client container finished").atMost(Duration.ofMinutes(5))
			.pollInterval(Duration.ofSeconds(2))
			.ignoreExceptions()
			.until(() -> containers("sim-client").stream().noneMatch((c) -> c.getState().equals("running")));
		for (Container simClient : containers("sim-client")) {
			assertThat(docker.inspectContainerCmd(simClient.getId()).exec().getState().getExitCodeLong())
				.as("exit code of %s (1: a failed playback)", simClient.getNames()[0])
				.isZero();
		}
		List<JsonNode> swarmReports = new ArrayList<>();
		try (Stream<Path> files = Files.list(this.reports)) {
			for (Path file : files.toList()) {
				swarmReports.add(JSON.readTree(file.toFile()));
			}
		}
		assertThat(swarmReports).hasSize(SIM_CONTAINERS);
		long peer = 0;
		long edge = 0;
		for (JsonNode report : swarmReports) {
			assertThat(report.get("clients").asInt()).isEqualTo(LISTENERS_PER_CONTAINER);
			assertThat(report.get("failedPlaybacks").asLong()).isZero();
			assertThat(report.get("hashFailures").asLong()).isZero();
			assertThat(report.get("transport").asString()).as("WebRTC ran in the image").isEqualTo("auto");
			peer += report.get("bytes").get("peer").asLong();
			edge += report.get("bytes").get("edge").asLong();
		}
		double peerShare = (double) peer / (peer + edge);
		// the project's swarm target (issue 19): 0.8 of the ceiling (N-1)/N; measured
		// here
		// 0.82-0.87 with listeners in real time
		int listeners = SIM_CONTAINERS * LISTENERS_PER_CONTAINER;
		assertThat(peerShare)
			.as("peer share of %d listeners (per container: %s)", listeners,
					swarmReports.stream().map((report) -> report.get("bytes").toString()).toList())
			.isGreaterThanOrEqualTo(0.8 * (listeners - 1) / listeners);
		long played = System.nanoTime();
		takeTheTrackDownWithTheGeneratedOperatorToken(router, docker);
		// the refusals counted, the logs in target/compose-diagnostics: a later failure's
		// baseline
		diagnose(false);

		this.stack.stop();
		this.stack = null;
		long down = System.nanoTime();
		assertThat(containers(null)).as("containers left").isEmpty();
		assertThat(docker.listNetworksCmd().exec()).noneMatch((network) -> network.getName().startsWith(this.project));
		assertThat(docker.listVolumesCmd().exec().getVolumes())
			.noneMatch((volume) -> volume.getName().startsWith(this.project));

		System.out.printf(Locale.ROOT,
				"compose stack: images %.0f s, up %.0f s, playback %.0f s, down %.0f s, total %.0f s; "
						+ "peer share %.1f %% of %d listeners, router failover %.1f s%n",
				(built - began) / 1e9, (up - built) / 1e9, (played - up) / 1e9, (down - played) / 1e9,
				(down - began) / 1e9, peerShare * 100, SIM_CONTAINERS * LISTENERS_PER_CONTAINER, failoverSeconds);
	}

	/** Free host ports, the images built here, one playback per listener. */
	private Map<String, String> environment() throws IOException {
		Map<String, String> env = new HashMap<>();
		for (String port : List.of("ROUTER_PORT", "ORIGIN_PORT", "EDGE_US_EAST_PORT", "EDGE_EU_WEST_PORT",
				"EDGE_AP_SOUTH_PORT", "TRACKER_PORT", "SIGNALING_PORT", "PROMETHEUS_PORT", "GRAFANA_PORT")) {
			this.ports.put(port, freePort());
			env.put(port, String.valueOf(this.ports.get(port)));
		}
		env.put("CDN_TAG", System.getProperty("project.version", "latest"));
		if (imagePresent("hybrid-cdn/redis:7") && imagePresent("hybrid-cdn/prometheus:2")) {
			// no registry here: the images docker/base-images.sh made (docker/local.env)
			for (String line : Files.readAllLines(ROOT.resolve("docker/local.env"))) {
				if (!line.isBlank() && !line.startsWith("#")) {
					env.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
				}
			}
		}
		env.put("SIM_LISTENERS", String.valueOf(LISTENERS_PER_CONTAINER));
		env.put("SIM_JOIN_INTERVAL", "3s");
		// real time, as users run it: at speed 2 the twelve containers starve two cores
		// (startup
		// p95 ~9 s, rendition switches split the swarms: peer share 0.70-0.71 in three
		// runs);
		// at speed 1, 0.87
		env.put("SIM_SPEED", "1");
		// WebRTC between containers (the natives in the image), HTTP within one
		env.put("SIM_TRANSPORT", "auto");
		env.put("SIM_RUN", "--track " + TRACK + " --report /data");
		env.put("SIM_REPORTS", this.reports.toString());
		return env;
	}

	/** Scrape jobs with every target up, and "edge:host:port" for each edge target up. */
	private static Set<String> targetsUp(String prometheus) throws Exception {
		JsonNode targets = JSON.readTree(get(prometheus + "/api/v1/targets")).get("data").get("activeTargets");
		Map<String, Boolean> jobs = new HashMap<>();
		Set<String> up = new java.util.HashSet<>();
		for (JsonNode target : targets) {
			String job = target.get("labels").get("job").asString();
			boolean healthy = target.get("health").asString().equals("up");
			jobs.merge(job, healthy, Boolean::logicalAnd);
			if (job.equals("edge") && healthy) {
				up.add("edge:" + target.get("labels").get("instance").asString());
			}
		}
		jobs.forEach((job, healthy) -> {
			if (healthy) {
				up.add(job);
			}
		});
		return up;
	}

	/**
	 * Whether the router holds {@code region}'s edge healthy; its view goes to the
	 * timeline.
	 */
	private boolean edgeHealthy(String router, String region, long since) throws Exception {
		String view = edgesView(router, since);
		this.edgeTimeline.add(view);
		for (JsonNode edge : JSON.readTree(view.substring(view.indexOf(' ') + 1))) {
			if (edge.get("region").asString().equals(region)) {
				return edge.get("healthy").asBoolean();
			}
		}
		return false;
	}

	/** "+1.25s [edges…]": the router's view of its edges, seconds after {@code since}. */
	private static String edgesView(String router, long since) {
		String seconds = String.format(Locale.ROOT, "+%.2fs", (System.nanoTime() - since) / 1e9);
		try {
			return seconds + " " + JSON.readTree(get(router + "/v1/edges"));
		}
		catch (Exception ex) {
			return seconds + " " + "[] (no answer: " + ex + ")";
		}
	}

	/**
	 * What a failure needs to say why: the logs of the tracker, signaling, the router,
	 * the edges and every sim-client container in {@code target/compose-diagnostics}, the
	 * refusals the tracker and signaling counted (429s of their rate limits, token
	 * rejections) and the listeners' log lines about refusals, on the test's output; on a
	 * failure the logs' tails too.
	 */
	private void diagnose(boolean failed) {
		try {
			Path dir = ROOT.resolve("cdn-deploy/target/compose-diagnostics");
			Files.createDirectories(dir);
			StringBuilder summary = new StringBuilder("compose diagnostics (" + dir + "):\n");
			Map<String, String> counters = Map.of("tracker",
					"cdn_tracker_rate_limited_total|cdn_tracker_token_rejections" + "|cdn_tracker_requests_total",
					"signaling",
					"cdn_signaling_rate_limited_total|cdn_signaling_rejections_total|cdn_signaling_connections",
					"router", "cdn_router_decisions_total|cdn_router_edges_healthy");
			for (Map.Entry<String, String> service : new java.util.TreeMap<>(counters).entrySet()) {
				Integer port = this.ports.get(service.getKey().toUpperCase(Locale.ROOT) + "_PORT");
				String text;
				try {
					text = get("http://127.0.0.1:" + port + "/actuator/prometheus");
				}
				catch (Throwable ex) {
					text = "";
					summary.append("  ").append(service.getKey()).append(": no metrics (").append(ex).append(")\n");
				}
				java.util.regex.Pattern wanted = java.util.regex.Pattern.compile("^(" + service.getValue() + ")[{ ].*");
				text.lines()
					.filter((line) -> wanted.matcher(line).matches())
					.forEach((line) -> summary.append("  ")
						.append(service.getKey())
						.append(": ")
						.append(line)
						.append('\n'));
			}
			java.util.regex.Pattern refusal = java.util.regex.Pattern
				.compile("(?i).*(\\b429\\b|\\b401\\b|\\b403\\b|too many|rate.limit|unauthori|refused|forbidden).*");
			List<String> tails = new ArrayList<>();
			for (String service : List.of("tracker", "signaling", "router", "edge-us-east", "edge-eu-west",
					"edge-ap-south", "keys", "sim-client")) {
				for (Container container : containers(service)) {
					String name = container.getNames()[0].replaceFirst("^/", "");
					String log = logs(container.getId());
					Files.writeString(dir.resolve(name + ".log"), log);
					List<String> lines = log.lines().toList();
					long refusals = lines.stream().filter((line) -> refusal.matcher(line).matches()).count();
					summary.append(String.format(Locale.ROOT, "  %s: %d log lines, %d about refusals (429/401/403)%n",
							name, lines.size(), refusals));
					boolean firstListeners = service.equals("sim-client")
							&& tails.stream().noneMatch((t) -> t.contains("sim-client"));
					if (failed && (!service.startsWith("sim-client") || firstListeners)
							&& !service.startsWith("edge-")) {
						tails.add("---- last 60 lines of " + name + ":\n"
								+ String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size())));
					}
				}
			}
			if (!this.edgeTimeline.isEmpty()) {
				Files.write(dir.resolve("router-edges-timeline.txt"), this.edgeTimeline);
			}
			Files.writeString(dir.resolve("summary.txt"), summary);
			System.out.print(summary);
			tails.forEach(System.out::println);
		}
		catch (Throwable ex) {
			System.out.println("compose diagnostics failed: " + ex);
		}
	}

	/** A container's whole log, stdout and stderr, with timestamps. */
	private static String logs(String containerId) throws InterruptedException {
		StringBuffer out = new StringBuffer();
		DockerClientFactory.instance()
			.client()
			.logContainerCmd(containerId)
			.withStdOut(true)
			.withStdErr(true)
			.withTimestamps(true)
			.exec(new ResultCallback.Adapter<Frame>() {
				@Override
				public void onNext(Frame frame) {
					out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
				}
			})
			.awaitCompletion(30, TimeUnit.SECONDS);
		return out.toString();
	}

	/** The sum of a Prometheus counter's series; 0 while the service does not answer. */
	private static double counter(String service, String metric) {
		try {
			return get(service + "/actuator/prometheus").lines()
				.filter((line) -> line.startsWith(metric + "{"))
				.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
				.sum();
		}
		catch (Exception ex) {
			return 0;
		}
	}

	private Container container(String service) {
		List<Container> found = containers(service);
		assertThat(found).as("containers of %s", service).hasSize(1);
		return found.get(0);
	}

	/** This project's containers (of one service, or all), running or not. */
	private List<Container> containers(String service) {
		return DockerClientFactory.instance()
			.client()
			.listContainersCmd()
			.withShowAll(true)
			.exec()
			.stream()
			.filter((c) -> c.getLabels().getOrDefault("com.docker.compose.project", "").startsWith(this.project))
			.filter((c) -> service == null || service.equals(c.getLabels().get("com.docker.compose.service")))
			.toList();
	}

	private static boolean imagePresent(String image) {
		return !DockerClientFactory.instance().client().listImagesCmd().withImageNameFilter(image).exec().isEmpty();
	}

	/**
	 * The operator token the keys service made, read in the router's container, takes the
	 * track down through the router: origin, tracker and the two running edges do it, the
	 * stopped eu-west edge is reported (502), and the router routes the track no more.
	 */
	private void takeTheTrackDownWithTheGeneratedOperatorToken(String router, DockerClient docker) throws Exception {
		String token = exec(docker, container("router").getId(), "cat", "/keys/operator.token").strip();
		assertThat(token).as("the operator token in /keys").hasSizeGreaterThanOrEqualTo(16);
		HttpResponse<String> refused = HTTP
			.send(HttpRequest.newBuilder(URI.create(router + "/v1/admin/takedowns/" + TRACK))
				.POST(HttpRequest.BodyPublishers.noBody())
				.timeout(Duration.ofSeconds(30))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(refused.statusCode()).as("a takedown without the token").isEqualTo(401);
		HttpResponse<String> takedown = HTTP
			.send(HttpRequest.newBuilder(URI.create(router + "/v1/admin/takedowns/" + TRACK))
				.header("Authorization", "Bearer " + token)
				.POST(HttpRequest.BodyPublishers.noBody())
				.timeout(Duration.ofSeconds(30))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(takedown.statusCode()).as("the takedown's report (the eu-west edge is stopped): %s", takedown.body())
			.isEqualTo(502);
		Map<String, String> outcomes = new HashMap<>();
		for (JsonNode target : JSON.readTree(takedown.body()).get("targets")) {
			String name = target.get("service").asString() + " " + target.get("url").asString();
			outcomes.put(name, target.has("error") ? "failed" : "done");
		}
		assertThat(outcomes).as("report %s", takedown.body())
			.containsEntry("origin http://origin:8081", "done")
			.containsEntry("tracker http://tracker:8090", "done")
			.containsEntry("edge http://edge-us-east:8082", "done")
			.containsEntry("edge http://edge-ap-south:8082", "done")
			.containsEntry("edge http://edge-eu-west:8082", "failed");
		assertThat(status(router + "/v1/route?region=us-east&track=" + TRACK)).isEqualTo(410);
	}

	/** Runs a command in a container; its standard output. */
	private static String exec(DockerClient docker, String containerId, String... command) throws Exception {
		String id = docker.execCreateCmd(containerId).withCmd(command).withAttachStdout(true).exec().getId();
		StringBuilder out = new StringBuilder();
		docker.execStartCmd(id).exec(new ResultCallback.Adapter<Frame>() {
			@Override
			public void onNext(Frame frame) {
				out.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
			}
		}).awaitCompletion(20, TimeUnit.SECONDS);
		return out.toString();
	}

	private static String get(String url) throws Exception {
		HttpResponse<String> response = send(url);
		assertThat(response.statusCode()).as(url).isEqualTo(200);
		return response.body();
	}

	private static int status(String url) throws Exception {
		return send(url).statusCode();
	}

	private static HttpResponse<String> send(String url) throws Exception {
		return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	private static boolean commandExists(String command) {
		return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
			.anyMatch((dir) -> Files.isExecutable(Path.of(dir, command)));
	}

	/**
	 * Runs a command in the repository, failing with its output if it fails or overruns.
	 */
	private static void run(Duration limit, String... command) throws Exception {
		Path log = Files.createTempFile("cdn-deploy", ".log");
		Process process = new ProcessBuilder(command).directory(ROOT.toFile())
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		boolean finished = process.waitFor(limit.toSeconds(), TimeUnit.SECONDS);
		if (!finished) {
			process.destroyForcibly();
		}
		String output = Files.readString(log, StandardCharsets.UTF_8);
		assertThat(finished && process.exitValue() == 0).as("%s failed:%n%s", String.join(" ", command), output)
			.isTrue();
		System.out.print(output);
	}

}
