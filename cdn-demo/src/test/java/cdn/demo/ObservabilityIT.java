package cdn.demo;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import cdn.client.net.Json;
import cdn.sim.swarm.PeerTransportMode;
import cdn.sim.trace.ZipkinTracing;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dashboards, rules and traces against a real Prometheus and a real Zipkin: the local
 * cluster, Prometheus with {@code prometheus/prometheus.local.yml} and its rules, the
 * demo's scenario with 12 listeners (cold start, swarm, an edge failure, a bandwidth
 * drop); then every expression of every panel of every dashboard
 * ({@code helm/cdn/dashboards}) and every recording rule ({@code prometheus/rules}) must
 * return data. Grafana's variables are given the values a stock Grafana gives them
 * ({@code $__rate_interval} 1m, a multi-value variable "All"). Every segment is traced:
 * Zipkin must hold a whole trace of a segment no peer gave that went through an edge miss
 * to the origin (with its tracker lookup), and one of a segment a peer gave.
 * <p>
 * Needs the {@code prometheus} program (Debian's package); skipped without it, saying so,
 * except where {@code CI} is set ({@code .ci/run} installs it): there it fails.
 */
class ObservabilityIT {

	private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	/** A Grafana variable: $name or ${name} or ${name:format}. */
	private static final Pattern VARIABLE = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)(?::[a-z]+)?\\}?");

	@Test
	void everyDashboardPanelAndRecordingRuleHasDataInARunningDemo(@TempDir Path storage) throws Exception {
		if (Observability.binary().isEmpty()) {
			if (System.getenv("CI") != null) {
				throw new IllegalStateException("CI is set but prometheus is not installed (.ci/run installs it)");
			}
			Assumptions.abort("prometheus is not installed here (apt-get install prometheus)");
		}
		Map<String, String> expressions = dashboardExpressions();
		expressions.putAll(recordingRules());
		assertThat(expressions).as("dashboard panels and recording rules").hasSizeGreaterThan(20);

		PrometheusMeterRegistry listeners = Observability.listenerRegistry();
		try (Observability prometheus = Observability.start(ROOT, ROOT.resolve("logs"), Observability.PROMETHEUS_PORT,
				listeners);
				LocalCluster cluster = new LocalCluster(ROOT, ROOT.resolve("logs"), storage, List.of(),
						prometheus.zipkin().serviceArguments());
				// every segment traced: the journeys looked for below happen a few times
				ZipkinTracing tracing = ZipkinTracing.start(prometheus.zipkin().spansEndpoint(), 1.0)) {
			cluster.start((step) -> {
			});
			long started = System.nanoTime();
			new Scenario(new Scenario.Settings(12, true, 4, 0, null, 0.2, "memory", 0, PeerTransportMode.HTTP), cluster,
					new PrintStream(OutputStream.nullOutputStream()), listeners, tracing.client())
				.run();
			tracing.flush();
			// the last samples scraped and the rules evaluated at least once after them
			prometheus.awaitScrapedSince(Instant.now(), Duration.ofSeconds(30));

			// as a dashboard over the run's time range shows them (the listeners have
			// left by
			// now: an instant query would find no active peers)
			Duration run = Duration.ofNanos(System.nanoTime() - started);
			List<String> empty = new ArrayList<>();
			for (Map.Entry<String, String> expression : expressions.entrySet()) {
				String query = grafanaDefaults(expression.getValue());
				if (prometheus.queryRange(query, run).isEmpty()) {
					empty.add(expression.getKey() + ": " + query);
				}
			}
			assertThat(empty).as("expressions without data").isEmpty();
			// every scrape passes promtool's lint (the eu-west edge was stopped by the
			// scenario)
			for (String scrape : List.of(cluster.originUrl() + "/actuator/prometheus",
					cluster.edgeUrl("us-east") + "/actuator/prometheus",
					cluster.edgeUrl("ap-south") + "/actuator/prometheus", cluster.trackerUrl() + "/actuator/prometheus",
					cluster.routerUrl() + "/actuator/prometheus",
					"http://localhost:" + Observability.LISTENER_METRICS_PORT + "/metrics")) {
				assertPromtoolAccepts(scrape);
			}
			// whole traces across listener, peer, tracker, edge and origin (the services
			// send theirs within a second)
			Zipkin zipkin = prometheus.zipkin();
			await("a trace of a peer miss that went to the origin").atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofSeconds(1))
				.until(() -> TracePaths.peerMissToOrigin(zipkin.traces("origin-service", 1000)).isPresent());
			await("a trace of a segment from a peer").atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofSeconds(1))
				.until(() -> TracePaths.fromPeer(zipkin.traces(TracePaths.LISTENER, 1000)).isPresent());
			// the recorded series themselves exist (the rules ran)
			for (String record : recordingRules().keySet()) {
				String name = record.substring(record.indexOf(' ') + 1);
				await(name).atMost(Duration.ofSeconds(30))
					.pollInterval(Duration.ofSeconds(1))
					.until(() -> !prometheus.queryRange(name, Duration.ofMinutes(5)).isEmpty());
			}
		}
	}

	private static void assertPromtoolAccepts(String url) throws IOException, InterruptedException {
		String metrics = HTTP
			.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
					HttpResponse.BodyHandlers.ofString())
			.body();
		Process promtool = new ProcessBuilder("promtool", "check", "metrics").redirectErrorStream(true).start();
		try (OutputStream in = promtool.getOutputStream()) {
			in.write(metrics.getBytes(StandardCharsets.UTF_8));
		}
		String output = new String(promtool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertThat(promtool.waitFor(30, TimeUnit.SECONDS)).isTrue();
		assertThat(promtool.exitValue()).as("promtool check metrics on %s:%n%s", url, output).isZero();
	}

	/** "dashboard / panel [n]" → expr. */
	private static Map<String, String> dashboardExpressions() throws IOException {
		Map<String, String> expressions = new LinkedHashMap<>();
		try (Stream<Path> files = Files.list(ROOT.resolve("helm/cdn/dashboards"))) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".json")).sorted().toList()) {
				JsonNode dashboard = Json.MAPPER.readTree(file.toFile());
				for (JsonNode panel : panels(dashboard)) {
					int n = 0;
					for (JsonNode target : panel.path("targets")) {
						if (!target.path("expr").asString().isBlank()) {
							expressions.put(
									file.getFileName() + " / " + panel.path("title").asString() + " [" + n++ + "]",
									target.path("expr").asString());
						}
					}
				}
			}
		}
		return expressions;
	}

	/** Panels, those inside rows included. */
	private static List<JsonNode> panels(JsonNode dashboard) {
		List<JsonNode> panels = new ArrayList<>();
		for (JsonNode panel : dashboard.path("panels")) {
			panels.add(panel);
			panel.path("panels").forEach(panels::add);
		}
		return panels;
	}

	/** "rule file record-name" → expr. */
	@SuppressWarnings("unchecked")
	private static Map<String, String> recordingRules() throws IOException {
		Map<String, String> rules = new LinkedHashMap<>();
		try (Stream<Path> files = Files.list(ROOT.resolve("prometheus/rules"))) {
			for (Path file : files.filter((f) -> f.toString().endsWith(".yml")).sorted().toList()) {
				Map<String, Object> content = new Yaml().load(Files.readString(file));
				for (Map<String, Object> group : (List<Map<String, Object>>) content.get("groups")) {
					for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
						if (rule.containsKey("record")) {
							rules.put(file.getFileName() + " " + rule.get("record"), String.valueOf(rule.get("expr")));
						}
					}
				}
			}
		}
		return rules;
	}

	/** What a stock Grafana puts for its built-in variables and an "All" selection. */
	static String grafanaDefaults(String expr) {
		Matcher matcher = VARIABLE.matcher(expr);
		StringBuilder query = new StringBuilder();
		while (matcher.find()) {
			String value = switch (matcher.group(1)) {
				case "__rate_interval", "__range" -> "1m";
				case "__interval" -> "15s";
				case "__range_s" -> "60";
				default -> ".+";
			};
			matcher.appendReplacement(query, Matcher.quoteReplacement(value));
		}
		matcher.appendTail(query);
		return query.toString();
	}

}
