package cdn.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Grafana dashboards of {@code helm/cdn/dashboards} (the chart's ConfigMaps and the
 * compose stack's provisioning): their structure as a stock Grafana 11/12 imports it, and
 * that every metric an expression reads is one the code publishes. The published
 * {@code cdn_*} names are derived from the source tree at test time (every
 * {@code Counter|Timer|Gauge|MultiGauge|DistributionSummary.builder("cdn.…")} and its
 * base unit and histogram settings, named as Micrometer's Prometheus registry names
 * them), so a renamed meter or a typo in a dashboard fails here.
 */
class DashboardsTest {

	/**
	 * Every dashboard reads Prometheus through this datasource uid (the provisioning's).
	 */
	static final String DATASOURCE_UID = "prometheus";

	/** Dashboards that must offer the {@code region} variable. */
	static final Set<String> REGIONAL = Set.of("cdn-overview.json", "cdn-swarm.json", "cdn-edges.json");

	static final Set<String> GRAFANA_BUILTINS = Set.of("__rate_interval", "__interval", "__interval_ms", "__range",
			"__range_s", "__range_ms", "__from", "__to", "__dashboard", "__all");

	/**
	 * Spring Boot's and Micrometer's own meters that dashboards may read (every service
	 * publishes them, tagged {@code application}).
	 */
	static final Set<String> FRAMEWORK_METRICS = Set.of("http_server_requests_seconds_count",
			"http_server_requests_seconds_sum", "http_server_requests_seconds_max", "jvm_memory_used_bytes",
			"jvm_memory_max_bytes", "jvm_memory_committed_bytes", "jvm_gc_pause_seconds_count",
			"jvm_gc_pause_seconds_sum", "jvm_gc_pause_seconds_max", "jvm_threads_live_threads",
			"jvm_threads_daemon_threads", "jvm_threads_peak_threads", "process_cpu_usage", "process_uptime_seconds",
			"process_files_open_files", "system_cpu_usage", "system_cpu_cores");

	private static final Pattern CDN_METRIC = Pattern.compile("\\bcdn_[a-z_]+\\b");

	private static final Pattern FRAMEWORK_METRIC = Pattern
		.compile("\\b(?:http_server_requests|jvm|process|system)_[a-z_]+\\b");

	private static final Pattern VARIABLE = Pattern
		.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)|\\[\\[([A-Za-z_][A-Za-z0-9_]*)");

	private static final Pattern BUILDER = Pattern.compile(
			"\\b(Counter|Timer|Gauge|MultiGauge|DistributionSummary|FunctionCounter|TimeGauge)\\.builder\\(\\s*\"(cdn\\.[a-z0-9.]+)\"");

	private static final Pattern BASE_UNIT = Pattern.compile("\\.baseUnit\\(\\s*\"([a-z]+)\"");

	private static Path root;

	private static Map<String, JsonNode> dashboards;

	private static Set<String> published;

	@BeforeAll
	static void load() throws IOException {
		root = Repository.ROOT;
		dashboards = new TreeMap<>();
		ObjectMapper json = new ObjectMapper();
		try (Stream<Path> files = Files.list(root.resolve("helm/cdn/dashboards"))) {
			for (Path file : files.filter((path) -> path.toString().endsWith(".json")).sorted().toList()) {
				dashboards.put(file.getFileName().toString(), json.readTree(file.toFile()));
			}
		}
		published = publishedMetrics(root);
	}

	@Test
	void theFourDashboardsExist() {
		assertThat(dashboards).containsKeys("cdn-overview.json", "cdn-swarm.json", "cdn-edges.json",
				"cdn-services.json");
	}

	@Test
	void everyDashboardHasAUniqueUidATitleAndAModernSchema() {
		Set<String> uids = new HashSet<>();
		dashboards.forEach((file, dashboard) -> {
			assertThat(dashboard.path("uid").asText()).as("%s uid", file).isNotBlank();
			assertThat(uids.add(dashboard.path("uid").asText())).as("%s uid is unique", file).isTrue();
			assertThat(dashboard.path("title").asText()).as("%s title", file).isNotBlank();
			assertThat(dashboard.path("schemaVersion").asInt()).as("%s schemaVersion", file).isBetween(36, 41);
			assertThat(dashboard.path("panels").size()).as("%s panels", file).isPositive();
		});
	}

	@Test
	void panelIdsAreUniqueAndEveryPanelHasAGridPositionWithinTheGrid() {
		dashboards.forEach((file, dashboard) -> {
			Set<Integer> ids = new HashSet<>();
			List<int[]> boxes = new ArrayList<>();
			for (JsonNode panel : panels(dashboard)) {
				String name = file + " panel " + panel.path("title").asText();
				assertThat(panel.path("id").isInt()).as("%s id", name).isTrue();
				assertThat(ids.add(panel.path("id").asInt())).as("%s id %s unique", name, panel.path("id")).isTrue();
				JsonNode grid = panel.path("gridPos");
				for (String field : List.of("x", "y", "w", "h")) {
					assertThat(grid.path(field).isInt()).as("%s gridPos.%s", name, field).isTrue();
				}
				int x = grid.path("x").asInt();
				int y = grid.path("y").asInt();
				int w = grid.path("w").asInt();
				int h = grid.path("h").asInt();
				assertThat(w).as("%s width", name).isBetween(1, 24);
				assertThat(x + w).as("%s right edge", name).isLessThanOrEqualTo(24);
				assertThat(h).as("%s height", name).isPositive();
				for (int[] other : boxes) {
					boolean overlaps = x < other[0] + other[2] && other[0] < x + w && y < other[1] + other[3]
							&& other[1] < y + h;
					assertThat(overlaps).as("%s overlaps another panel", name).isFalse();
				}
				boxes.add(new int[] { x, y, w, h });
			}
		});
	}

	@Test
	void everyPanelTargetAndVariableReadsThePrometheusDatasourceByUid() {
		dashboards.forEach((file, dashboard) -> {
			for (JsonNode panel : panels(dashboard)) {
				String name = file + " panel " + panel.path("title").asText();
				assertDatasource(panel.path("datasource"), name);
				if (!"row".equals(panel.path("type").asText())) {
					assertThat(panel.path("targets").size()).as("%s targets", name).isPositive();
				}
				for (JsonNode target : panel.path("targets")) {
					assertDatasource(target.path("datasource"), name + " target " + target.path("refId").asText());
				}
			}
			for (JsonNode variable : dashboard.path("templating").path("list")) {
				if ("query".equals(variable.path("type").asText())) {
					assertDatasource(variable.path("datasource"), file + " variable " + variable.path("name").asText());
				}
			}
		});
	}

	@Test
	void everyTargetHasAnExpressionAndAUniqueRefId() {
		dashboards.forEach((file, dashboard) -> {
			for (JsonNode panel : panels(dashboard)) {
				Set<String> refIds = new HashSet<>();
				for (JsonNode target : panel.path("targets")) {
					String name = file + " panel " + panel.path("title").asText();
					assertThat(target.path("expr").asText()).as("%s expr", name).isNotBlank();
					assertThat(refIds.add(target.path("refId").asText())).as("%s refId unique", name).isTrue();
				}
			}
		});
	}

	@Test
	void everyVariableAnExpressionUsesIsDefined() {
		dashboards.forEach((file, dashboard) -> {
			Set<String> defined = variables(dashboard);
			for (String expr : expressions(dashboard)) {
				assertThat(usedVariables(expr)).as("%s: variables of %s", file, expr)
					.allSatisfy(
							(variable) -> assertThat(defined.contains(variable) || GRAFANA_BUILTINS.contains(variable))
								.as("$%s defined", variable)
								.isTrue());
			}
		});
	}

	@Test
	void theRegionalDashboardsOfferAMultiValueRegionVariableAndUseIt() {
		for (String file : REGIONAL) {
			JsonNode dashboard = dashboards.get(file);
			JsonNode region = null;
			for (JsonNode variable : dashboard.path("templating").path("list")) {
				if ("region".equals(variable.path("name").asText())) {
					region = variable;
				}
			}
			assertThat(region).as("%s has a region variable", file).isNotNull();
			assertThat(region.path("multi").asBoolean()).as("%s region multi", file).isTrue();
			assertThat(region.path("includeAll").asBoolean()).as("%s region includeAll", file).isTrue();
			assertThat(query(region)).as("%s region query", file).startsWith("label_values(cdn_").contains("region");
			assertThat(String.join("\n", expressions(dashboard))).as("%s uses $region", file)
				.contains("region=~\"$region\"");
		}
	}

	@Test
	void everyMetricAnExpressionReadsIsPublished() {
		assertThat(published).as("metrics derived from the source tree")
			.contains("cdn_client_segment_bytes_total", "cdn_edge_requests_total", "cdn_client_startup_seconds",
					"cdn_edge_upstream_fetch_seconds_bucket", "cdn_tracker_peers", "cdn_edge_cache_weight_bytes",
					"cdn_client_bitrate_kbps_sum")
			.doesNotContain("cdn_client_segment_fetch_seconds_bucket");
		dashboards.forEach((file, dashboard) -> {
			for (String expr : expressions(dashboard)) {
				assertThat(unknownMetrics(expr)).as("%s: unpublished metrics in %s", file, expr).isEmpty();
			}
			for (JsonNode variable : dashboard.path("templating").path("list")) {
				assertThat(unknownMetrics(query(variable))).as("%s: variable %s", file, variable.path("name"))
					.isEmpty();
			}
		});
	}

	@Test
	void theMetricCheckCatchesATypoAMissingSuffixAndAHistogramThatIsNotPublished() {
		assertThat(unknownMetrics("sum(rate(cdn_edge_requests_total[5m]))")).isEmpty();
		assertThat(unknownMetrics("sum(rate(cdn_edge_requestz_total[5m]))")).containsExactly("cdn_edge_requestz_total");
		assertThat(unknownMetrics("rate(cdn_edge_requests[5m])")).containsExactly("cdn_edge_requests");
		assertThat(unknownMetrics("histogram_quantile(0.5, rate(cdn_client_segment_fetch_seconds_bucket[1m]))"))
			.containsExactly("cdn_client_segment_fetch_seconds_bucket");
		assertThat(unknownMetrics("jvm_memory_usd_bytes")).containsExactly("jvm_memory_usd_bytes");
	}

	@Test
	void theProductFiguresAreOnTheOverview() {
		String exprs = String.join("\n", expressions(dashboards.get("cdn-overview.json")));
		assertThat(exprs).contains("cdn_edge_requests_total{result=~\"hit|stale\"")
			.contains("cdn_client_segment_bytes_total{source=\"peer\"")
			.contains("cdn_origin_bytes_total")
			.contains("cdn_client_startup_seconds{quantile=\"0.5\"")
			.contains("cdn_client_startup_seconds{quantile=\"0.95\"")
			.contains("cdn_client_rebuffer_seconds_total")
			.contains("cdn_client_played_seconds_total")
			.contains("cdn_client_bitrate_kbps_sum")
			.contains("cdn_tracker_peers");
	}

	static Set<String> unknownMetrics(String expr) {
		Set<String> unknown = new TreeSet<>();
		Matcher cdn = CDN_METRIC.matcher(expr);
		while (cdn.find()) {
			if (!published.contains(cdn.group())) {
				unknown.add(cdn.group());
			}
		}
		Matcher framework = FRAMEWORK_METRIC.matcher(expr);
		while (framework.find()) {
			if (!FRAMEWORK_METRICS.contains(framework.group())) {
				unknown.add(framework.group());
			}
		}
		return unknown;
	}

	/**
	 * The Prometheus names of the {@code cdn.*} meters the main code builds, as
	 * Micrometer's Prometheus registry renders them: dots to underscores, the base unit
	 * appended, {@code _total} for counters, {@code _count/_sum/_max} for timers
	 * (seconds) and summaries, the bare name for published percentiles and
	 * {@code _bucket} for published histograms.
	 */
	static Set<String> publishedMetrics(Path root) throws IOException {
		Set<String> names = new TreeSet<>();
		List<Path> sources;
		try (Stream<Path> walk = Files.walk(root)) {
			sources = walk.filter((path) -> path.toString().endsWith(".java"))
				.filter((path) -> root.relativize(path).toString().replace('\\', '/').matches("[^/]+/src/main/java/.*"))
				.toList();
		}
		for (Path source : sources) {
			String code = Files.readString(source);
			Matcher builder = BUILDER.matcher(code);
			while (builder.find()) {
				int end = code.indexOf(".register(", builder.end());
				String chain = code.substring(builder.end(), (end < 0) ? code.length() : end);
				String type = builder.group(1);
				String name = builder.group(2).replace('.', '_');
				Matcher unit = BASE_UNIT.matcher(chain);
				String baseUnit = unit.find() ? unit.group(1) : null;
				if (type.equals("Timer")) {
					baseUnit = "seconds";
				}
				if (baseUnit != null && !name.endsWith("_" + baseUnit)) {
					name = name + "_" + baseUnit;
				}
				switch (type) {
					case "Counter", "FunctionCounter" -> names.add(name + "_total");
					case "Gauge", "MultiGauge", "TimeGauge" -> names.add(name);
					default -> {
						names.add(name + "_count");
						names.add(name + "_sum");
						names.add(name + "_max");
						if (chain.contains("publishPercentiles(")) {
							names.add(name);
						}
						if (chain.contains("publishPercentileHistogram(")
								|| chain.contains("serviceLevelObjectives(")) {
							names.add(name + "_bucket");
						}
					}
				}
			}
		}
		return names;
	}

	private static void assertDatasource(JsonNode datasource, String where) {
		assertThat(datasource.path("uid").asText()).as("%s datasource uid", where).isEqualTo(DATASOURCE_UID);
		assertThat(datasource.path("type").asText()).as("%s datasource type", where).isEqualTo("prometheus");
	}

	private static List<JsonNode> panels(JsonNode dashboard) {
		List<JsonNode> all = new ArrayList<>();
		for (JsonNode panel : dashboard.path("panels")) {
			all.add(panel);
			panel.path("panels").forEach(all::add);
		}
		return all;
	}

	private static List<String> expressions(JsonNode dashboard) {
		List<String> exprs = new ArrayList<>();
		for (JsonNode panel : panels(dashboard)) {
			for (JsonNode target : panel.path("targets")) {
				exprs.add(target.path("expr").asText());
			}
		}
		for (JsonNode variable : dashboard.path("templating").path("list")) {
			exprs.add(query(variable));
		}
		return exprs;
	}

	private static String query(JsonNode variable) {
		JsonNode query = variable.path("query");
		return query.isObject() ? query.path("query").asText() : query.asText();
	}

	private static Set<String> variables(JsonNode dashboard) {
		Set<String> names = new HashSet<>();
		for (JsonNode variable : dashboard.path("templating").path("list")) {
			names.add(variable.path("name").asText());
		}
		return names;
	}

	private static Set<String> usedVariables(String expr) {
		Set<String> used = new TreeSet<>();
		Matcher matcher = VARIABLE.matcher(expr);
		while (matcher.find()) {
			used.add((matcher.group(1) != null) ? matcher.group(1) : matcher.group(2));
		}
		return used;
	}

}
