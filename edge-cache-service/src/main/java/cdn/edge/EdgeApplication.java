package cdn.edge;

import cdn.kit.netty.NettyDefaults;

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

	static {
		// before any server starts (see the class); HitFastPath also re-reads after
		// the last request it handed on, for pipelined requests
		NettyDefaults.apply();
	}

	public static void main(String[] args) {
		SpringApplication.run(EdgeApplication.class, args);
	}

}
