package cdn.client.webrtc;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The real signaling-service, its built jar run as a process on a free port (the reactor
 * builds it before this module), ready when its readiness probe says so.
 */
final class SignalingProcess implements AutoCloseable {

	private final Process process;

	private final int port;

	private SignalingProcess(Process process, int port) {
		this.process = process;
		this.port = port;
	}

	static SignalingProcess start() throws IOException, InterruptedException {
		Path target = Path.of("..", "signaling-service", "target").toAbsolutePath().normalize();
		Path jar = null;
		if (Files.isDirectory(target)) {
			try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, "signaling-service-*.jar")) {
				for (Path each : jars) {
					jar = each;
				}
			}
		}
		if (jar == null) {
			throw new IllegalStateException("no built jar of signaling-service in " + target
					+ ": run ./mvnw verify (or package) from the repository root");
		}
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		Path log = Files.createTempFile("signaling-", ".log");
		Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx256m", "-jar", jar.toString(), "--server.port=" + port)
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		SignalingProcess signaling = new SignalingProcess(process, port);
		HttpClient http = HttpClient.newHttpClient();
		long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
		while (System.nanoTime() < deadline && process.isAlive()) {
			try {
				HttpResponse<Void> ready = http
					.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
						.timeout(Duration.ofSeconds(2))
						.build(), HttpResponse.BodyHandlers.discarding());
				if (ready.statusCode() == 200) {
					return signaling;
				}
			}
			catch (IOException ex) {
				// not listening yet
			}
			Thread.sleep(200);
		}
		signaling.close();
		throw new IllegalStateException("signaling-service did not become ready (log: " + log + ")");
	}

	String url() {
		return "ws://127.0.0.1:" + this.port + "/v1/signal";
	}

	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

}
