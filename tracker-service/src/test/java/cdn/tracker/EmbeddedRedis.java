package cdn.tracker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;

import cdn.tracker.config.TrackerProperties;
import redis.embedded.RedisServer;

/**
 * A real Redis 7 server (the binary bundled by {@code org.signal:embedded-redis}) on a
 * free local port, without persistence. Stoppable and restartable on the same port to
 * test outages.
 */
public final class EmbeddedRedis implements AutoCloseable {

	private final int port;

	private RedisServer server;

	private EmbeddedRedis(int port) {
		this.port = port;
	}

	public static EmbeddedRedis start() {
		EmbeddedRedis redis = new EmbeddedRedis(freePort());
		redis.restart();
		return redis;
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public URI url() {
		return URI.create("redis://127.0.0.1:" + this.port);
	}

	/** Tracker settings pointing at this server. */
	public TrackerProperties.Redis properties(Duration timeout) {
		return new TrackerProperties.Redis(url(), "trk:", timeout, 500);
	}

	public void restart() {
		this.server = RedisServer.builder()
			.port(this.port)
			.setting("bind 127.0.0.1")
			.setting("save \"\"")
			.setting("appendonly no")
			.build();
		this.server.start();
	}

	public void stop() {
		if (this.server != null && this.server.isActive()) {
			this.server.stop();
		}
	}

	@Override
	public void close() {
		stop();
	}

}
