package cdn.origin;

import java.util.Arrays;

import cdn.kit.netty.NettyDefaults;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The origin: master copies of every track. {@code java -jar origin-service.jar} serves
 * them; {@code java -jar origin-service.jar ingest ...} packages a file into the store
 * from the command line.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class OriginApplication {

	static {
		// before any server starts (see the class)
		NettyDefaults.apply();
	}

	public static void main(String[] args) {
		if (args.length > 0 && args[0].equals("ingest")) {
			System.exit(IngestCommand.execute(Arrays.copyOfRange(args, 1, args.length)));
		}
		SpringApplication.run(OriginApplication.class, args);
	}

}
