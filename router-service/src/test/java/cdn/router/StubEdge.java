package cdn.router;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for an edge process: an HTTP server on its own port that answers the
 * router's probes ({@code /actuator/health/readiness}, {@code /v1/status}) the way a test
 * tells it to, and that can be stopped (socket closed, connections dropped) and started
 * again on the same port. Listens on every loopback address, so {@code 127.0.0.2:port}
 * reaches it too.
 */
public final class StubEdge implements AutoCloseable {

	private int port;

	private final ExecutorService executor = Executors.newCachedThreadPool((task) -> {
		Thread thread = new Thread(task, "stub-edge");
		thread.setDaemon(true);
		return thread;
	});

	private volatile HttpServer server;

	private volatile int readinessStatus = 200;

	private volatile int statusCode = 200;

	private volatile String statusBody = "{\"load\":0.0}";

	private volatile CountDownLatch hang;

	private StubEdge() {
	}

	/** A ready edge with load 0 on a free port. */
	public static StubEdge start() {
		StubEdge edge = new StubEdge();
		edge.listen(0);
		return edge;
	}

	private void listen(int port) {
		try {
			HttpServer server = HttpServer.create(new InetSocketAddress(port), 64);
			server.createContext("/", this::handle);
			server.setExecutor(this.executor);
			server.start();
			this.port = server.getAddress().getPort();
			this.server = server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	public int port() {
		return this.port;
	}

	public String url() {
		return url("127.0.0.1");
	}

	public String url(String loopbackAddress) {
		return "http://" + loopbackAddress + ":" + this.port;
	}

	/** Closes the socket and every open connection, like a killed process. */
	public synchronized void stop() {
		HttpServer running = this.server;
		if (running != null) {
			release();
			running.stop(0);
			this.server = null;
		}
	}

	/** Listens again on the same port. */
	public synchronized void restart() {
		if (this.server == null) {
			listen(this.port);
		}
	}

	public StubEdge load(double load) {
		this.statusCode = 200;
		this.statusBody = "{\"load\":" + load + ",\"cachedBytes\":12345}";
		return this;
	}

	/** {@code /v1/status} answers with this code and body. */
	public StubEdge status(int code, String body) {
		this.statusCode = code;
		this.statusBody = body;
		return this;
	}

	public StubEdge readiness(int status) {
		this.readinessStatus = status;
		return this;
	}

	/** Accepts requests but answers none until {@link #release()} or {@link #stop()}. */
	public StubEdge hang() {
		this.hang = new CountDownLatch(1);
		return this;
	}

	public StubEdge release() {
		CountDownLatch latch = this.hang;
		this.hang = null;
		if (latch != null) {
			latch.countDown();
		}
		return this;
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			CountDownLatch latch = this.hang;
			if (latch != null) {
				latch.await(30, TimeUnit.SECONDS);
			}
			String path = exchange.getRequestURI().getPath();
			if (path.equals("/actuator/health/readiness")) {
				int status = this.readinessStatus;
				respond(exchange, status, (status == 200) ? "{\"status\":\"UP\"}" : "{\"status\":\"OUT_OF_SERVICE\"}");
			}
			else if (path.equals("/v1/status")) {
				respond(exchange, this.statusCode, this.statusBody);
			}
			else {
				respond(exchange, 404, "");
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void respond(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, (bytes.length == 0) ? -1 : bytes.length);
		if (bytes.length > 0) {
			try (OutputStream out = exchange.getResponseBody()) {
				out.write(bytes);
			}
		}
	}

	@Override
	public void close() {
		stop();
		this.executor.shutdownNow();
	}

}
