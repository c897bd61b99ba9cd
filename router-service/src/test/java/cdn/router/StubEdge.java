package cdn.router;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * reaches it too. It also stands in for any service's operator API ({@code /v1/admin/*}:
 * an edge's, the origin's, the tracker's takedowns): it records each call and answers it
 * as told.
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

	private final List<AdminCall> adminCalls = new CopyOnWriteArrayList<>();

	private volatile int adminStatus = 200;

	private volatile String adminBody = "{}";

	private volatile Duration adminDelay = Duration.ZERO;

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

	/** {@code /v1/admin/*} answers with this code and body. */
	public StubEdge admin(int status, String body) {
		this.adminStatus = status;
		this.adminBody = body;
		return this;
	}

	/** {@code /v1/admin/*} answers after this long. */
	public StubEdge adminDelay(Duration delay) {
		this.adminDelay = delay;
		return this;
	}

	/** The operator calls received, in order. */
	public List<AdminCall> adminCalls() {
		return List.copyOf(this.adminCalls);
	}

	public StubEdge clearAdminCalls() {
		this.adminCalls.clear();
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
			else if (path.startsWith("/v1/admin/")) {
				String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
				this.adminCalls.add(new AdminCall(exchange.getRequestMethod(), path,
						exchange.getRequestHeaders().getFirst("Authorization"), body));
				Thread.sleep(this.adminDelay.toMillis());
				int status = this.adminStatus;
				respond(exchange, status, (status == 204) ? "" : this.adminBody);
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

	/**
	 * An operator call received.
	 *
	 * @param method its method
	 * @param path its path
	 * @param authorization its {@code Authorization} header
	 * @param body its body, empty without one
	 */
	public record AdminCall(String method, String path, String authorization, String body) {
	}

	@Override
	public void close() {
		stop();
		this.executor.shutdownNow();
	}

}
