package cdn.kit.web;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.webflux.autoconfigure.WebFluxAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * Puts the kit's {@link ProblemHandler} into every reactive web application that has the
 * kit on its class path. Runs before Spring Boot's WebFlux auto-configuration, whose own
 * problem-details handler then stands back.
 */
@AutoConfiguration(before = WebFluxAutoConfiguration.class)
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@Import(ProblemHandler.class)
public class WebKitAutoConfiguration {

}
