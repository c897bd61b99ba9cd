package cdn.demo;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

	private final Path root;

	public ServiceProcess(Path root, String module, int port, Path log, List<String> arguments) {
		this.root = root;
		this.module = module;
		this.port = port;
		this.log = log;
		this.arguments = List.copyOf(arguments);
	}

	/**
	 * Starts {@code module}'s jar (from the repository the working directory is a module
	 * of) on a free port, logging to a temporary file, and waits until it is ready.
	 */
	public static ServiceProcess start(String module, String... arguments) throws IOException {
		ServiceProcess service = new ServiceProcess(Path.of("..").toAbsolutePath().normalize(), module, freePort(),
				Files.createTempFile(module, ".log"), List.of(arguments));
		service.start(Duration.ofSeconds(90));
		return service;
	}

	/**
	 * Starts the process and waits until it reports ready, or fails with its log's tail.
	 */
	public void start(Duration readiness) throws IOException {
		List<String> command = new ArrayList<>(List.of(javaExecutable(), "-Xmx256m", "-XX:TieredStopAtLevel=1", "-jar",
				jar(this.root, this.module).toString(), "--server.port=" + this.port));
		command.addAll(this.arguments);
		this.process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.log.toFile()))
			.start();
		long deadline = System.nanoTime() + readiness.toNanos();
		while (!ready()) {
			if (!this.process.isAlive()) {
				String reason = startFailure(this.log);
				throw new IllegalStateException(this.module + " exited at start"
						+ ((reason != null) ? ": " + reason + " (log: " + this.log + ")" : "; see " + this.log));
			}
			if (System.nanoTime() > deadline) {
				stopQuietly();
				throw new IllegalStateException(
						this.module + " not ready after " + readiness.toSeconds() + " s; see " + this.log);
			}
			try {
				Thread.sleep(200);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				stopQuietly();
				throw new IllegalStateException("interrupted while starting " + this.module, ex);
			}
		}
	}

	/**
	 * The reason a Spring Boot service gives when it cannot start: the first line of its
	 * failure report's description (for example the origin's "the bundled ffmpeg needs
	 * ..."), or null when the log has none.
	 */
	static String startFailure(Path log) {
		List<String> lines;
		try {
			lines = new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
		}
		catch (IOException ex) {
			return null;
		}
		for (int i = lines.size() - 1; i >= 0; i--) {
			if (lines.get(i).strip().equals("Description:")) {
				for (int j = i + 1; j < lines.size(); j++) {
					if (!lines.get(j).isBlank()) {
						return lines.get(j).strip();
					}
				}
			}
		}
		return null;
	}

	public String module() {
		return this.module;
	}

	public boolean isAlive() {
		return this.process != null && this.process.isAlive();
	}

	private void stopQuietly() {
		try {
			stop();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	public String url() {
		return "http://127.0.0.1:" + this.port;
	}

	/** Stops the process as an operator would (SIGTERM), waiting for it to exit. */
	public void stop() throws InterruptedException {
		if (this.process != null) {
			terminate(this.process, Duration.ofSeconds(30));
		}
	}

	/** Kills the process at once (SIGKILL), as a crash would, and waits for it to go. */
	public void kill() throws InterruptedException {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
		}
	}

	/** SIGTERM, then SIGKILL when the process has not exited within {@code grace}. */
	static void terminate(Process process, Duration grace) throws InterruptedException {
		if (process.isAlive()) {
			process.destroy();
			if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
				process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
			}
		}
	}

	/**
	 * {@link #terminate}, for a {@code close()} that cannot throw: an interrupt kills the
	 * process at once and stays set.
	 */
	static void terminateQuietly(Process process, Duration grace) {
		try {
			terminate(process, grace);
		}
		catch (InterruptedException ex) {
			process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void close() throws InterruptedException {
		stop();
	}

	private boolean ready() {
		return answersOk(url() + "/actuator/health/readiness");
	}

	/** Whether {@code url} answers 200 within 2 s (no answer: not yet). */
	static boolean answersOk(String url) {
		try {
			return HTTP
				.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(2)).build(),
						HttpResponse.BodyHandlers.discarding())
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

	/**
	 * The built jar of {@code module} in the repository the working directory is a module
	 * of.
	 */
	public static Path jarOf(String module) throws IOException {
		return jar(Path.of("..").toAbsolutePath().normalize(), module);
	}

	private static Path jar(Path root, String module) throws IOException {
		Path target = root.resolve(module).resolve("target");
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

	public static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
