package cdn.client.it;

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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * A service of this repository run as a real process from its built jar, the way the demo
 * runs it. The jars come from the reactor build ({@code ./mvnw verify} builds the
 * services before this module).
 */
public final class ServiceProcess implements AutoCloseable {

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private final String module;

	private final int port;

	private final Path log;

	private final List<String> arguments;

	private Process process;

	private ServiceProcess(String module, int port, List<String> arguments) throws IOException {
		this.module = module;
		this.port = port;
		this.arguments = arguments;
		this.log = Files.createTempFile(module + "-" + port, ".log");
	}

	/** Starts {@code module}'s jar on a free port and waits until it is ready. */
	public static ServiceProcess start(String module, String... arguments) throws IOException {
		ServiceProcess service = new ServiceProcess(module, freePort(), List.of(arguments));
		service.start();
		return service;
	}

	public void start() throws IOException {
		List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar",
				jar(this.module).toString(), "--server.port=" + this.port));
		command.addAll(this.arguments);
		this.process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()))
			.start();
		await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200)).until(() -> {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this.module + " exited; log: " + Files.readString(this.log));
			}
			return ready();
		});
	}

	public String url() {
		return "http://127.0.0.1:" + this.port;
	}

	/** Stops the process as an operator would (SIGTERM), waiting for it to exit. */
	public void stop() throws InterruptedException {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroy();
			if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
				this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
	}

	@Override
	public void close() throws InterruptedException {
		stop();
	}

	private boolean ready() {
		try {
			return HTTP
				.send(HttpRequest.newBuilder(URI.create(url() + "/actuator/health/readiness"))
					.timeout(Duration.ofSeconds(2))
					.build(), HttpResponse.BodyHandlers.discarding())
				.statusCode() == 200;
		}
		catch (IOException ex) {
			return false;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static Path jar(String module) throws IOException {
		Path target = Path.of("..", module, "target").toAbsolutePath().normalize();
		if (Files.isDirectory(target)) {
			try (DirectoryStream<Path> jars = Files.newDirectoryStream(target, module + "-*.jar")) {
				for (Path jar : jars) {
					return jar;
				}
			}
		}
		throw new IllegalStateException("no built jar of " + module + " in " + target
				+ ": run ./mvnw verify (or package) from the repository root");
	}

	private static String javaExecutable() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
