package cdn.demo.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import cdn.demo.ServiceProcess;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The web player in a real headless Chromium (Debian's {@code chromium} and
 * {@code chromium-driver}; .ci/run installs them): the router serves the page, hls.js
 * plays a live channel (a real ffmpeg encoding the origin's test signal) from the edge
 * the router names, reading across origins thanks to the edge's CORS.
 */
class WebPlayerIT {

	static ServiceProcess origin;

	static ServiceProcess edge;

	static ServiceProcess router;

	static WebDriver browser;

	@BeforeAll
	static void start() throws Exception {
		for (Path program : new Path[] { Path.of("/usr/bin/chromium"), Path.of("/usr/bin/chromedriver") }) {
			if (!Files.isExecutable(program)) {
				throw new IllegalStateException(program
						+ " is missing: apt-get install chromium chromium-driver (Debian) to run the browser tests");
			}
		}
		Path storage = Files.createTempDirectory("web-player-it-origin");
		origin = ServiceProcess.start("origin-service", "--origin.storage=" + storage,
				"--origin.demo-catalog.enabled=false", "--origin.live.segment-duration=2s",
				"--origin.live.channels[0].track-id=live-web");
		edge = ServiceProcess.start("edge-cache-service", "--edge.region=us-east", "--edge.upstream=" + origin.url());
		router = ServiceProcess.start("router-service", "--router.edges[0].url=" + edge.url(),
				"--router.edges[0].region=us-east");
		ChromeOptions options = new ChromeOptions();
		options.setBinary("/usr/bin/chromium");
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
				"--autoplay-policy=no-user-gesture-required", "--mute-audio");
		browser = new ChromeDriver(
				new ChromeDriverService.Builder().usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
					.build(),
				options);
	}

	@AfterAll
	static void stop() throws Exception {
		if (browser != null) {
			browser.quit();
		}
		for (ServiceProcess service : new ServiceProcess[] { router, edge, origin }) {
			if (service != null) {
				service.stop();
			}
		}
	}

	@Test
	void theCatalogPageListsTheLiveChannel() {
		browser.get(router.url() + "/");

		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(browser.findElement(org.openqa.selenium.By.id("catalog")).getText())
				.contains("live-web (live)"));
	}

	@Test
	void aListenPagePlaysTheTrackFromTheEdgeWithoutStalling() {
		browser.get(router.url() + "/listen/live-web");

		await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
			Map<String, Object> stats = stats();
			assertThat(stats.get("error")).as("player error").isNull();
			assertThat(stats.get("state")).isEqualTo("playing");
			assertThat(((Number) stats.get("currentTime")).doubleValue()).isGreaterThan(4);
		});
		Map<String, Object> stats = stats();
		assertThat(((Number) stats.get("bytesEdge")).longValue()).isPositive();
		assertThat(stats.get("edge")).isEqualTo(edge.url());
		assertThat(((Number) stats.get("stalls")).intValue()).isZero();
		assertThat(((Number) stats.get("startupMs")).longValue()).isPositive();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> stats() {
		return (Map<String, Object>) ((JavascriptExecutor) browser).executeScript("return window.cdnPlayer.stats()");
	}

}
