package cdn.tracker;

import cdn.kit.netty.NettyDefaults;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * The tracker: the peer-to-peer layer's index of who holds which segment, and which of
 * those holders a requester should ask first.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class TrackerApplication {

	static {
		// before any server starts (see the class)
		NettyDefaults.apply();
	}

	public static void main(String[] args) {
		SpringApplication.run(TrackerApplication.class, args);
	}

}
