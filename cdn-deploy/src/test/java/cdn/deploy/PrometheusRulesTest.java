package cdn.deploy;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.marcnuri.helm.Helm;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.Serialization;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Prometheus configuration of {@code prometheus/}: {@code promtool check config} of
 * both scrape configs, {@code check rules} and the unit tests of {@code prometheus/tests}
 * ({@code promtool test rules}), and the chart's PrometheusRule, which must carry every
 * rule group of the same files. promtool is Debian's {@code prometheus} package; without
 * it these tests are skipped, except in CI ({@code CI} set) where they fail.
 */
class PrometheusRulesTest {

	/** Longest a promtool run may take; the unit tests take about a second. */
	static final long PROMTOOL_TIMEOUT_SECONDS = 120;

	static Path repository;

	static Path prometheus;

	@BeforeAll
	static void findPrometheusDirectory() {
		repository = Repository.ROOT;
		prometheus = repository.resolve("prometheus");
	}

	@ParameterizedTest
	@ValueSource(strings = { "prometheus.local.yml", "prometheus.compose.yml" })
	void scrapeConfigIsValidAndItsRuleFilesLoad(String config) throws Exception {
		// check config also checks the rule files it names, relative to the config
		String output = promtool("check", "config", prometheus.resolve(config).toString());
		assertThat(output).contains("2 rule files found");
	}

	@Test
	void ruleFilesAreValid() throws Exception {
		List<String> command = new ArrayList<>(List.of("check", "rules"));
		ruleFiles().forEach((file) -> command.add(file.toString()));
		promtool(command.toArray(String[]::new));
	}

	@Test
	void ruleUnitTestsPass() throws Exception {
		List<String> command = new ArrayList<>(List.of("test", "rules"));
		try (Stream<Path> tests = Files.list(prometheus.resolve("tests"))) {
			tests.filter((file) -> file.toString().endsWith(".yml"))
				.sorted()
				.forEach((file) -> command.add(file.toString()));
		}
		assertThat(command).hasSizeGreaterThan(2);
		promtool(command.toArray(String[]::new));
	}

	@Test
	void chartRendersEveryRuleGroupAsPrometheusRule() throws IOException {
		// helm/cdn/rules is a symlink to prometheus/rules: Helm reads through it
		String manifests = new Helm(repository.resolve("helm/cdn")).template()
			.withName(HelmChartTest.RELEASE)
			.withNamespace(HelmChartTest.NAMESPACE)
			.set("metrics.prometheusRule.enabled", "true")
			.set("metrics.prometheusRule.labels.release", "kube-prometheus-stack")
			.call();
		List<GenericKubernetesResource> rules = prometheusRules(HelmChartTest.parse(manifests));
		assertThat(rules).singleElement().satisfies((rule) -> {
			assertThat(rule.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
			assertThat(rule.getMetadata().getLabels()).containsEntry("release", "kube-prometheus-stack");
			@SuppressWarnings("unchecked")
			Map<String, Object> spec = (Map<String, Object>) rule.getAdditionalProperties().get("spec");
			// the same groups, rules, expressions and annotation templates as the files
			assertThat(spec.get("groups")).isEqualTo(groupsOfRuleFiles());
		});
	}

	@Test
	void chartRendersNoPrometheusRuleWithoutTheOperator() {
		// "auto" by default, and helm template serves no monitoring.coreos.com/v1
		String manifests = new Helm(repository.resolve("helm/cdn")).template()
			.withName(HelmChartTest.RELEASE)
			.withNamespace(HelmChartTest.NAMESPACE)
			.call();
		assertThat(prometheusRules(HelmChartTest.parse(manifests))).isEmpty();
	}

	static List<GenericKubernetesResource> prometheusRules(List<HasMetadata> objects) {
		return objects.stream()
			.filter((object) -> "PrometheusRule".equals(object.getKind()))
			.map(GenericKubernetesResource.class::cast)
			.toList();
	}

	static List<Object> groupsOfRuleFiles() throws IOException {
		List<Object> groups = new ArrayList<>();
		for (Path file : ruleFiles()) {
			Map<?, ?> content = Serialization.unmarshal(Files.readString(file), Map.class);
			groups.addAll((List<?>) content.get("groups"));
		}
		assertThat(groups).isNotEmpty();
		return groups;
	}

	/** The rule files in the order Helm's Files.Glob gives them (lexical). */
	static List<Path> ruleFiles() throws IOException {
		try (Stream<Path> files = Files.list(prometheus.resolve("rules"))) {
			return files.filter((file) -> file.toString().endsWith(".yml")).sorted().toList();
		}
	}

	/** Runs promtool with a bounded wait; returns its output, or fails showing it. */
	static String promtool(String... arguments) throws IOException, InterruptedException {
		String promtool = findOnPath("promtool");
		if (promtool == null) {
			String reason = "promtool is not on PATH (Debian: apt-get install prometheus)";
			assertThat(System.getenv("CI")).as(reason + "; CI is set, so this fails instead of skipping").isNull();
			Assumptions.abort(reason);
		}
		List<String> command = new ArrayList<>(List.of(promtool));
		command.addAll(List.of(arguments));
		Path output = Files.createTempFile("promtool", ".log");
		try {
			Process process = new ProcessBuilder(command).directory(prometheus.toFile())
				.redirectErrorStream(true)
				.redirectOutput(output.toFile())
				.start();
			boolean exited = process.waitFor(PROMTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
			if (!exited) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
			String log = Files.readString(output, StandardCharsets.UTF_8);
			assertThat(exited).as("%s did not finish within %d s:%n%s", command, PROMTOOL_TIMEOUT_SECONDS, log)
				.isTrue();
			assertThat(process.exitValue()).as("%s failed:%n%s", command, log).isZero();
			return log;
		}
		finally {
			Files.deleteIfExists(output);
		}
	}

	static String findOnPath(String executable) {
		String path = System.getenv("PATH");
		if (path == null) {
			return null;
		}
		for (String dir : path.split(File.pathSeparator)) {
			Path candidate = Paths.get(dir, executable);
			if (Files.isExecutable(candidate)) {
				return candidate.toString();
			}
		}
		return null;
	}

}
