package cdn.signaling;

import cdn.kit.netty.NettyDefaults;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The signaling service: relays WebRTC offers, answers and ICE candidates between the
 * members of one swarm, and hands out ICE servers with ephemeral TURN credentials.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class SignalingApplication {

	static {
		// before any server starts (see the class)
		NettyDefaults.apply();
	}

	public static void main(String[] args) {
		SpringApplication.run(SignalingApplication.class, args);
	}

}
