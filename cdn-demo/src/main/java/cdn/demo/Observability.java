package cdn.demo;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import cdn.client.net.Json;
import cdn.kit.metrics.PromtoolClean;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;

/**
 * A real Prometheus (the machine's {@code prometheus} program, Debian's package) scraping
 * the local cluster with the project's configuration and rules
 * ({@code prometheus/prometheus.local.yml}), the in-process listeners' metrics served
 * where that configuration looks for a sim-client ({@code :9400/metrics}), and a real
 * {@link Zipkin} on {@code :9411} for the traces.
 */
public final class Observability implements AutoCloseable {

	/** Where prometheus.local.yml scrapes the listeners. */
	public static final int LISTENER_METRICS_PORT = 9400;

	public static final int PROMETHEUS_PORT = 9090;

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Process prometheus;

	private final DisposableServer listenerMetrics;

	private final String url;

	/** The registry the listeners' metrics come from: one per demo arm. */
	private final AtomicReference<PrometheusMeterRegistry> listeners;

	private final Zipkin zipkin;

	private Observability(Process prometheus, DisposableServer listenerMetrics, String url,
			AtomicReference<PrometheusMeterRegistry> listeners, Zipkin zipkin) {
		this.zipkin = zipkin;
		this.listeners = listeners;
		this.prometheus = prometheus;
		this.listenerMetrics = listenerMetrics;
		this.url = url;
	}

	/**
	 * Starts Zipkin on {@link Zipkin#PORT} and Prometheus on {@code port} (its data under
	 * {@code var/prometheus}, their logs in {@code logs}), and serves {@code listeners}
	 * on {@link #LISTENER_METRICS_PORT}.
	 * @throws IllegalStateException when Prometheus is not installed or does not start,
	 * saying what to do
	 */
	public static Observability start(Path root, Path logs, int port, PrometheusMeterRegistry listeners)
			throws IOException, InterruptedException {
		Path binary = binary().orElseThrow(() -> new IllegalStateException(
				"Prometheus is not installed: sudo apt-get install prometheus (Debian/Ubuntu; its server and "
						+ "promtool), or put the prometheus program of prometheus.io on your PATH"));
		Path config = root.resolve("prometheus/prometheus.local.yml");
		Path data = Files.createDirectories(root.resolve("var/prometheus"));
		Files.createDirectories(logs);
		Path log = logs.resolve("prometheus.log");
		Zipkin zipkin = Zipkin.start(root, logs, Zipkin.PORT);
		AtomicReference<PrometheusMeterRegistry> served = new AtomicReference<>(listeners);
		DisposableServer metrics;
		Process process;
		try {
			metrics = HttpServer.create()
				.host("127.0.0.1")
				.port(LISTENER_METRICS_PORT)
				.route((routes) -> routes.get("/metrics",
						(request, response) -> response.header("Content-Type", "text/plain; version=0.0.4")
							.sendString(Mono.fromSupplier(() -> served.get().scrape()))))
				.bindNow(Duration.ofSeconds(5));
			process = new ProcessBuilder(binary.toString(), "--config.file=" + config, "--storage.tsdb.path=" + data,
					"--storage.tsdb.retention.time=1d", "--web.listen-address=127.0.0.1:" + port,
					"--web.enable-lifecycle",
					// scrape_body_size_bytes per target: what a scrape costs
					"--enable-feature=extra-scrape-metrics")
				.redirectErrorStream(true)
				.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
				.start();
		}
		catch (IOException | RuntimeException ex) {
			zipkin.close();
			throw ex;
		}
		Observability observability = new Observability(process, metrics, "http://localhost:" + port, served, zipkin);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (!observability.ready()) {
			if (!process.isAlive() || System.nanoTime() > deadline) {
				observability.close();
				throw new IllegalStateException("Prometheus did not start (port " + port + " taken?); see " + log);
			}
			Thread.sleep(200);
		}
		return observability;
	}

	/** {@code prometheus} on the PATH, else Debian's. */
	static Optional<Path> binary() {
		return Stream
			.concat(Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)),
					Stream.of("/usr/bin"))
			.filter((dir) -> !dir.isEmpty())
			.map((dir) -> Path.of(dir, "prometheus"))
			.filter(Files::isExecutable)
			.findFirst();
	}

	/** A registry for the listeners' metrics, named as the services name theirs. */
	public static PrometheusMeterRegistry listenerRegistry() {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		registry.config().meterFilter(new PromtoolClean());
		return registry;
	}

	/** Serves {@code registry} as the listeners' metrics from now on. */
	public void serve(PrometheusMeterRegistry registry) {
		this.listeners.set(registry);
	}

	public String url() {
		return this.url;
	}

	public Zipkin zipkin() {
		return this.zipkin;
	}

	private boolean ready() {
		return ServiceProcess.answersOk(this.url + "/-/ready");
	}

	/**
	 * Waits until Prometheus has scraped every target and evaluated every rule group
	 * after {@code since}: what a query then answers includes everything up to that
	 * moment.
	 * @throws IllegalStateException when that takes longer than {@code limit}
	 */
	public void awaitScrapedSince(Instant since, Duration limit) throws IOException, InterruptedException {
		long deadline = System.nanoTime() + limit.toNanos();
		while (!scrapedSince(since)) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Prometheus did not scrape every target within " + limit.toSeconds()
						+ " s; see " + this.url + "/targets");
			}
			Thread.sleep(250);
		}
	}

	private boolean scrapedSince(Instant since) throws IOException, InterruptedException {
		for (JsonNode target : data("/api/v1/targets").path("activeTargets")) {
			if (before(target.path("lastScrape"), since)) {
				return false;
			}
		}
		for (JsonNode group : data("/api/v1/rules").path("groups")) {
			if (before(group.path("lastEvaluation"), since)) {
				return false;
			}
		}
		return true;
	}

	private static boolean before(JsonNode time, Instant since) {
		return OffsetDateTime.parse(time.asString()).toInstant().isBefore(since);
	}

	/** The samples of an instant query (empty: no data). */
	public List<JsonNode> query(String promql) throws IOException, InterruptedException {
		return result("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
	}

	/**
	 * The series of a range query over the last {@code range} (step 5 s), as a dashboard
	 * panel over that time range shows them (empty: no data).
	 */
	public List<JsonNode> queryRange(String promql, Duration range) throws IOException, InterruptedException {
		long end = System.currentTimeMillis() / 1000;
		return result("/api/v1/query_range?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8) + "&start="
				+ (end - range.toSeconds()) + "&end=" + end + "&step=5");
	}

	private List<JsonNode> result(String pathAndQuery) throws IOException, InterruptedException {
		List<JsonNode> samples = new ArrayList<>();
		data(pathAndQuery).path("result").forEach(samples::add);
		return samples;
	}

	/** The {@code data} of an API answer. */
	private JsonNode data(String pathAndQuery) throws IOException, InterruptedException {
		HttpResponse<String> response = HTTP.send(
				HttpRequest.newBuilder(URI.create(this.url + pathAndQuery)).timeout(Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.ofString());
		JsonNode body = Json.MAPPER.readTree(response.body());
		if (!"success".equals(body.path("status").asString())) {
			throw new IllegalArgumentException(pathAndQuery + ": " + body.path("error").asString());
		}
		return body.path("data");
	}

	/** The series in Prometheus's head block: what the run costs it. */
	public long headSeries() throws IOException, InterruptedException {
		return data("/api/v1/status/tsdb").path("headStats").path("numSeries").asLong();
	}

	/** The single value of a query that yields one sample, if it does. */
	public OptionalDouble value(String promql) throws IOException, InterruptedException {
		List<JsonNode> samples = query(promql);
		if (samples.size() != 1) {
			return OptionalDouble.empty();
		}
		double value = Double.parseDouble(samples.get(0).path("value").get(1).asString());
		return Double.isNaN(value) ? OptionalDouble.empty() : OptionalDouble.of(value);
	}

	/**
	 * Stops Zipkin, Prometheus (its data stay in var/prometheus) and the listeners'
	 * metrics.
	 */
	@Override
	public void close() {
		this.zipkin.close();
		this.listenerMetrics.disposeNow();
		ServiceProcess.terminateQuietly(this.prometheus, Duration.ofSeconds(10));
	}

}
