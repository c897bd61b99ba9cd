package cdn.kit.signedurl;

import java.time.Clock;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * One {@link SignedUrlGate} from {@code cdn.signed-urls.*} in every reactive web
 * application that has the kit: the router signs with it, origin and edges check with it.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@EnableConfigurationProperties(SignedUrlProperties.class)
public class SignedUrlAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SignedUrlGate signedUrlGate(SignedUrlProperties properties, ObjectProvider<Clock> clock,
			ObjectProvider<MeterRegistry> registry) {
		return new SignedUrlGate(properties, clock.getIfAvailable(Clock::systemUTC),
				registry.getIfAvailable(SimpleMeterRegistry::new));
	}

}
