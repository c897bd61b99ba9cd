package cdn.router;

import cdn.kit.netty.NettyDefaults;

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

	static {
		// before any server starts (see the class)
		NettyDefaults.apply();
	}

	public static void main(String[] args) {
		SpringApplication.run(RouterApplication.class, args);
	}

}
