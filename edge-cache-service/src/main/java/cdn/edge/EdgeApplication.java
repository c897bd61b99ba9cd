package cdn.edge;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * A regional edge: serves the origin's paths from its cache and fetches each object from
 * its upstream (origin or shield edge) about once.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class EdgeApplication {

	public static void main(String[] args) {
		SpringApplication.run(EdgeApplication.class, args);
	}

}
