package cdn.kit.audit;

import java.time.Clock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Lazy;
import org.springframework.core.env.Environment;

/**
 * The service's {@link AuditLog} from {@code cdn.audit.*}. Lazy: a service that audits
 * nothing (no bean asks for it) opens no file.
 */
@AutoConfiguration
@ConditionalOnClass(name = { "ch.qos.logback.classic.LoggerContext", "tools.jackson.databind.json.JsonMapper" })
@EnableConfigurationProperties(AuditProperties.class)
public class AuditAutoConfiguration {

	@Bean
	@Lazy
	@ConditionalOnMissingBean
	AuditLog auditLog(AuditProperties properties, Environment environment, ObjectProvider<Clock> clock) {
		return AuditLog.open(environment.getProperty("spring.application.name", "application"), properties,
				clock.getIfUnique(Clock::systemUTC));
	}

}
