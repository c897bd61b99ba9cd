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

	/**
	 * Reactor Netty 1.3.7 buffers a keep-alive request that arrives before the previous
	 * response's operations have terminated, and can then forget to read from the
	 * connection again (reactor/reactor-netty#4361, #4347): the request is never
	 * answered. With this switch the previous operations terminate when the response is
	 * flushed, so such a request is dispatched at once. Read once, when Reactor Netty's
	 * HTTP server handler class loads: it must be set before any server accepts a
	 * connection.
	 */
	static final String LAST_FLUSH_WHEN_NO_READ = "reactor.netty.http.server.lastFlushWhenNoRead";

	static {
		if (System.getProperty(LAST_FLUSH_WHEN_NO_READ) == null) {
			System.setProperty(LAST_FLUSH_WHEN_NO_READ, "true");
		}
	}

	public static void main(String[] args) {
		SpringApplication.run(EdgeApplication.class, args);
	}

}
