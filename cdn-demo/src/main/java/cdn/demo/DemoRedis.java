package cdn.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;

import redis.embedded.RedisServer;

/**
 * The Redis of {@code ./cdn demo --redis}: a given server, or a real Redis 7 started here
 * from the binary inside {@code org.signal:embedded-redis} (port 6379 when free), without
 * persistence, stopped with the demo.
 */
final class DemoRedis implements AutoCloseable {

	static final int DEFAULT_PORT = 6379;

	private final URI url;

	private final RedisServer server;

	private DemoRedis(URI url, RedisServer server) {
		this.url = url;
		this.server = server;
	}

	/** A server somebody else runs; the demo never stops it. */
	static DemoRedis given(String url) {
		URI uri = URI.create(url);
		if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme()) || uri.getHost() == null) {
			throw new IllegalArgumentException("--redis takes redis://host:port, got '" + url + "'");
		}
		return new DemoRedis(uri, null);
	}

	static DemoRedis embedded() {
		int port;
		try {
			port = LocalCluster.isFree(DEFAULT_PORT) ? DEFAULT_PORT : ServiceProcess.freePort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		RedisServer server = RedisServer.builder()
			.port(port)
			.setting("bind 127.0.0.1")
			.setting("save \"\"")
			.setting("appendonly no")
			// the tracker's per-segment sets of peer handles stay compact intsets (see
			// its README)
			.setting("set-max-intset-entries 8192")
			.build();
		try {
			server.start();
		}
		catch (RuntimeException ex) {
			throw new IllegalStateException("the embedded Redis did not start on port " + port + ": " + ex.getMessage(),
					ex);
		}
		return new DemoRedis(URI.create("redis://127.0.0.1:" + port), server);
	}

	URI url() {
		return this.url;
	}

	/** Where it is, for humans: never a password. */
	String describe() {
		return ((this.server != null) ? "embedded Redis 7 on " : "Redis at ") + this.url.getHost() + ":"
				+ this.url.getPort();
	}

	@Override
	public void close() {
		if (this.server != null && this.server.isActive()) {
			this.server.stop();
		}
	}

}
