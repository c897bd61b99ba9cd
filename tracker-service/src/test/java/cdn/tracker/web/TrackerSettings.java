package cdn.tracker.web;

import cdn.tracker.config.TrackerProperties;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

/**
 * The tracker's JSON mapper and properties as the service builds them (its
 * {@code application.yml}, the {@code spring.jackson} settings and {@link StrictJson}),
 * without a server: the fuzz tests read request bodies as the controllers get them.
 *
 * @param json the mapper request bodies are read with
 * @param properties {@code tracker.*}, the defaults
 */
public record TrackerSettings(JsonMapper json, TrackerProperties properties) {

	public static TrackerSettings load() {
		TrackerSettings[] settings = new TrackerSettings[1];
		new ApplicationContextRunner().withInitializer(new ConfigDataApplicationContextInitializer())
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class))
			.withUserConfiguration(StrictJson.class, Properties.class)
			.run((context) -> settings[0] = new TrackerSettings(context.getBean(JsonMapper.class),
					context.getBean(TrackerProperties.class)));
		return settings[0];
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(TrackerProperties.class)
	static class Properties {

	}

}
