package cdn.demo.it;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.awaitility.Awaitility;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's {@code chromium} and {@code chromium-driver} (.ci/run installs them),
 * headless, each in its own profile: a listener of its own. Loopback ICE candidates are
 * allowed, so two of them open DataChannels on this machine.
 */
final class HeadlessChromium {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path DRIVER = Path.of("/usr/bin/chromedriver");

	private HeadlessChromium() {
	}

	static WebDriver start() {
		for (Path program : new Path[] { CHROMIUM, DRIVER }) {
			if (!Files.isExecutable(program)) {
				throw new IllegalStateException(program
						+ " is missing: apt-get install chromium chromium-driver (Debian) to run the browser tests");
			}
		}
		ChromeOptions options = new ChromeOptions();
		options.setBinary(CHROMIUM.toString());
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
				"--autoplay-policy=no-user-gesture-required", "--mute-audio", "--allow-loopback-in-peer-connection");
		return new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile()).build(),
				options);
	}

	/** The listen page's counters ({@code window.cdnPlayer.stats()}). */
	@SuppressWarnings("unchecked")
	static Map<String, Object> stats(WebDriver browser) {
		return (Map<String, Object>) ((JavascriptExecutor) browser).executeScript("return window.cdnPlayer.stats()");
	}

	static Object run(WebDriver browser, String script) {
		return ((JavascriptExecutor) browser).executeScript(script);
	}

	static long number(Map<String, Object> stats, String key) {
		return ((Number) stats.get(key)).longValue();
	}

	/** Segments the page loaded, from peers and edges. */
	static long loaded(Map<String, Object> stats) {
		return number(stats, "segmentsPeer") + number(stats, "segmentsEdge");
	}

	/**
	 * Opens {@code trackId}'s listen page of {@code router} in {@code rendition}, waits
	 * until it plays and plays it 3× faster than real time.
	 */
	static WebDriver listen(WebDriver page, String router, String trackId, String rendition) {
		page.get(router + "/listen/" + trackId + "?rendition=" + rendition);
		Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> "playing".equals(stats(page).get("state")));
		run(page, "document.getElementById('audio').playbackRate = 3");
		return page;
	}

}
