package cdn.kit.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.binder.jvm.JvmCompilationMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PromtoolCleanTest {

	@Test
	void everyMeterHasHelpTextAndNoNameCarriesAnAbbreviatedUnitOrACountSuffix() {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		registry.config().meterFilter(new PromtoolClean());
		new JvmCompilationMetrics().bindTo(registry);
		new ProcessorMetrics().bindTo(registry);
		Counter.builder("cdn.test.requests").tag("outcome", "ok").register(registry).increment();
		Counter.builder("cdn.test.described").description("what it counts").register(registry).increment();

		String scrape = registry.scrape();

		assertThat(scrape).doesNotContain("jvm_compilation_time_ms", "process_cpu_time_ns", "system_cpu_count")
			.contains("system_cpu_cores ", "process_cpu_usage ")
			.contains("# HELP cdn_test_requests_total cdn test requests\n")
			.contains("# HELP cdn_test_described_total what it counts\n");
		assertThat(scrape.lines().filter((line) -> line.startsWith("# HELP ")))
			.allSatisfy((help) -> assertThat(help.split(" ", 4)).hasSize(4));
	}

}
