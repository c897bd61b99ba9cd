package cdn.demo;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import cdn.client.net.Json;
import tools.jackson.databind.JsonNode;

/**
 * A real Zipkin (its server's exec jar, fetched from Maven Central by the build into
 * {@code cdn-demo/target/zipkin}) run as a process, spans kept in memory: where the
 * services and the listeners send the spans of sampled segments.
 */
public final class Zipkin implements AutoCloseable {

	public static final int PORT = 9411;

	private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final Process process;

	private final String url;

	private Zipkin(Process process, String url) {
		this.process = process;
		this.url = url;
	}

	/**
	 * Starts Zipkin on {@code port}, logging to {@code logs/zipkin.log}.
	 * @throws IllegalStateException when the jar is not built or Zipkin does not start
	 */
	public static Zipkin start(Path root, Path logs, int port) throws IOException, InterruptedException {
		Path jar = root.resolve("cdn-demo/target/zipkin/zipkin-server.jar");
		if (!Files.isRegularFile(jar)) {
			throw new IllegalStateException("Zipkin is not there (" + jar + "): ./mvnw -pl cdn-demo -am package "
					+ "fetches it from Maven Central");
		}
		Files.createDirectories(logs);
		Path log = logs.resolve("zipkin.log");
		Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx384m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString(), "--server.port=" + port,
				"--logging.level.root=WARN")
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.start();
		Zipkin zipkin = new Zipkin(process, "http://localhost:" + port);
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (!ServiceProcess.answersOk(zipkin.url + "/health")) {
			if (!process.isAlive() || System.nanoTime() > deadline) {
				zipkin.close();
				throw new IllegalStateException("Zipkin did not start (port " + port + " taken?); see " + log);
			}
			Thread.sleep(200);
		}
		return zipkin;
	}

	/** Its UI. */
	public String url() {
		return this.url;
	}

	/** Where spans are sent (Zipkin's v2 JSON API). */
	public String spansEndpoint() {
		return this.url + "/api/v2/spans";
	}

	/**
	 * The arguments that make a service of this repository send its sampled spans here.
	 */
	public List<String> serviceArguments() {
		return List.of("--management.tracing.export.zipkin.enabled=true",
				"--management.tracing.export.zipkin.endpoint=" + spansEndpoint());
	}

	/**
	 * Traces (each a list of spans) that have a span of {@code service}, newest first, up
	 * to {@code limit}, from the last hour.
	 */
	public List<JsonNode> traces(String service, int limit) throws IOException, InterruptedException {
		HttpResponse<String> response = HTTP.send(HttpRequest
			.newBuilder(URI.create(this.url + "/api/v2/traces?serviceName="
					+ URLEncoder.encode(service, StandardCharsets.UTF_8) + "&lookback=3600000&limit=" + limit))
			.timeout(Duration.ofSeconds(30))
			.build(), HttpResponse.BodyHandlers.ofString());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("Zipkin answered " + response.statusCode() + ": " + response.body());
		}
		List<JsonNode> traces = new ArrayList<>();
		Json.MAPPER.readTree(response.body()).forEach(traces::add);
		return traces;
	}

	@Override
	public void close() {
		ServiceProcess.terminateQuietly(this.process, Duration.ofSeconds(10));
	}

}
