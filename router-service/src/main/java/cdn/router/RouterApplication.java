package cdn.router;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The router: sends each client to the best healthy edge of its region, from an in-memory
 * view of every edge's health and load.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class RouterApplication {

	public static void main(String[] args) {
		SpringApplication.run(RouterApplication.class, args);
	}

}
