package cdn.demo;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import cdn.client.net.Json;
import tools.jackson.databind.JsonNode;

/**
 * Headless Chromium listeners next to the JVM ones ({@code ./cdn demo --browsers N}):
 * each a Chromium of its own (own profile) on the router's listen page, read through the
 * DevTools protocol ({@code window.cdnPlayer.stats()}), so the demo needs no WebDriver.
 */
final class BrowserListeners implements AutoCloseable {

	private static final List<Path> CHROMIUMS = List.of(Path.of("/usr/bin/chromium"),
			Path.of("/usr/bin/chromium-browser"), Path.of("/usr/bin/google-chrome"));

	private static final HttpClient HTTP = HttpClient.newHttpClient();

	private final Path chromium;

	private final Path logs;

	private final List<Browser> browsers = new ArrayList<>();

	private BrowserListeners(Path chromium, Path logs) {
		this.chromium = chromium;
		this.logs = logs;
	}

	/** Chromium's program on this machine, or null. */
	static Path chromium() {
		return CHROMIUMS.stream().filter(Files::isExecutable).findFirst().orElse(null);
	}

	static BrowserListeners using(Path chromium, Path logs) {
		return new BrowserListeners(chromium, logs);
	}

	int count() {
		return this.browsers.size();
	}

	/** Opens {@code pageUrl} in a new headless Chromium. */
	void join(String pageUrl) throws IOException {
		int number = this.browsers.size();
		Path profile = Files.createTempDirectory("cdn-demo-browser-" + number);
		Process process = new ProcessBuilder(this.chromium.toString(), "--headless=new", "--no-sandbox",
				"--disable-gpu", "--disable-background-networking", "--autoplay-policy=no-user-gesture-required",
				"--mute-audio", "--no-first-run", "--remote-debugging-port=0", "--user-data-dir=" + profile, pageUrl)
			.redirectErrorStream(true)
			.redirectOutput(this.logs.resolve("browser-" + number + ".log").toFile())
			.start();
		this.browsers.add(new Browser(process, profile));
	}

	/** Each browser's page counters, or an error entry when it cannot be read. */
	List<Map<String, Object>> stats() {
		return this.browsers.stream().map(Browser::stats).toList();
	}

	/** Waits until every page ended or failed, at most {@code limit}. */
	void awaitEnded(Duration limit) throws InterruptedException {
		long deadline = System.nanoTime() + limit.toNanos();
		while (System.nanoTime() < deadline && !stats().stream()
			.allMatch((stats) -> List.of("ended", "failed").contains(String.valueOf(stats.get("state"))))) {
			Thread.sleep(500);
		}
	}

	@Override
	public void close() {
		for (Browser browser : this.browsers) {
			browser.close();
		}
	}

	/** One Chromium and its page, reached through the DevTools protocol. */
	private static final class Browser {

		private final Process process;

		private final Path profile;

		private String pageSocket;

		Browser(Process process, Path profile) {
			this.process = process;
			this.profile = profile;
		}

		/**
		 * The page's DevTools WebSocket, found once (Chromium writes its port to the
		 * profile when it listens).
		 */
		private String pageSocket() throws IOException, InterruptedException {
			if (this.pageSocket == null) {
				List<String> port = Files.readAllLines(this.profile.resolve("DevToolsActivePort"));
				JsonNode targets = Json.MAPPER.readTree(
						HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port.get(0) + "/json/list"))
							.timeout(Duration.ofSeconds(5))
							.build(), HttpResponse.BodyHandlers.ofString()).body());
				for (JsonNode target : targets) {
					if (target.path("type").asString().equals("page")) {
						this.pageSocket = target.path("webSocketDebuggerUrl").asString();
					}
				}
				if (this.pageSocket == null) {
					throw new IOException("no page");
				}
			}
			return this.pageSocket;
		}

		Map<String, Object> stats() {
			try {
				String value = evaluate("JSON.stringify(window.cdnPlayer ? window.cdnPlayer.stats() : null)");
				if (value == null || value.equals("null")) {
					return Map.of("state", "starting");
				}
				@SuppressWarnings("unchecked")
				Map<String, Object> stats = Json.MAPPER.readValue(value, Map.class);
				return stats;
			}
			catch (IOException | RuntimeException ex) {
				return Map.of("state", "failed", "error", "the page could not be read: " + ex.getMessage());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return Map.of("state", "failed", "error", "interrupted");
			}
		}

		/** The value of {@code expression} in the page, as a string. */
		private String evaluate(String expression) throws IOException, InterruptedException {
			String page = pageSocket();
			CompletableFuture<String> answer = new CompletableFuture<>();
			WebSocket socket = HTTP.newWebSocketBuilder().buildAsync(URI.create(page), new WebSocket.Listener() {
				private final StringBuilder text = new StringBuilder();

				@Override
				public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
					this.text.append(data);
					if (last) {
						answer.complete(this.text.toString());
						this.text.setLength(0);
					}
					webSocket.request(1);
					return null;
				}
			}).join();
			try {
				socket.sendText(Json.MAPPER.writeValueAsString(Map.of("id", 1, "method", "Runtime.evaluate", "params",
						Map.of("expression", expression, "returnByValue", true))), true);
				JsonNode result = Json.MAPPER.readTree(answer.get(5, TimeUnit.SECONDS));
				JsonNode value = result.path("result").path("result").path("value");
				return value.isMissingNode() ? null : value.asString();
			}
			catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException ex) {
				throw new IOException("no answer from the page", ex);
			}
			finally {
				socket.abort();
			}
		}

		void close() {
			ServiceProcess.terminateQuietly(this.process, Duration.ofSeconds(5));
			try (Stream<Path> files = Files.walk(this.profile)) {
				files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
			catch (IOException ex) {
				// a temporary profile left behind
			}
		}

	}

}
