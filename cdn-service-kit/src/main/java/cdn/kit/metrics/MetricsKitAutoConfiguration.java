package cdn.kit.metrics;

import io.micrometer.core.instrument.config.MeterFilter;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/** {@link PromtoolClean} on every registry Spring Boot configures in a service. */
@AutoConfiguration
@ConditionalOnClass(MeterFilter.class)
public class MetricsKitAutoConfiguration {

	@Bean
	MeterFilter promtoolClean() {
		return new PromtoolClean();
	}

}
