package cdn.kit.web;

import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

/**
 * Puts the kit's {@link ProblemHandler} into every reactive web application that has the
 * kit on its class path. Runs before Spring Boot's WebFlux auto-configuration, whose own
 * problem-details handler then stands back. Also makes the {@link ClientAddress} that
 * keys per-address limits, with the proxies of {@code cdn.limits.trusted-proxies} (none
 * by default: {@code X-Forwarded-For} is ignored).
 */
@AutoConfiguration(before = WebFluxAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@Import(ProblemHandler.class)
public class WebKitAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ClientAddress clientAddress(@Value("${cdn.limits.trusted-proxies:}") List<String> trustedProxies) {
		return new ClientAddress(trustedProxies);
	}

}
