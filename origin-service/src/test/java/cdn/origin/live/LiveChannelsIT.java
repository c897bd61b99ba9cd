package cdn.origin.live;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import cdn.origin.FfmpegRequired;
import cdn.origin.TestAudio;
import cdn.origin.TestDirs;
import cdn.protocol.SegmentId;
import cdn.protocol.SegmentName;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two live channels on a real origin with a real ffmpeg, one from the test signal and one
 * from an audio file read in real time: sliding windows of verified segments, the live
 * caching headers, the grace of a segment that left the window, and an encoder killed on
 * air.
 */
@ExtendWith(FfmpegRequired.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "origin.demo-catalog.enabled=false", "origin.live.segment-duration=2s", "origin.live.window=3" })
@AutoConfigureWebTestClient
class LiveChannelsIT {

	static final Path STORAGE = TestDirs.temp("origin-live-test");

	private static final Pattern SEQUENCE = Pattern.compile("#EXT-X-MEDIA-SEQUENCE:(\\d+)");

	private static final Pattern SEGMENT = Pattern.compile("^/segments/(\\S+)$", Pattern.MULTILINE);

	private static final Pattern MAP = Pattern.compile("#EXT-X-MAP:URI=\"/segments/([^\"]+)\"");

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) throws Exception {
		registry.add("origin.storage", STORAGE::toString);
		// a list binds from one property source: all of the channels' settings go here
		registry.add("origin.live.channels[0].track-id", () -> "live-signal");
		registry.add("origin.live.channels[0].title", () -> "Live Signal");
		registry.add("origin.live.channels[1].track-id", () -> "live-file");
		Path source = TestAudio.tone(Files.createTempDirectory("live-source").resolve("source.wav"), 5, 330);
		registry.add("origin.live.channels[1].source", source::toString);
	}

	@Autowired
	WebTestClient http;

	@Test
	void theCatalogListsBothChannelsAsLive() {
		this.http.get()
			.uri("/v1/catalog")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.length()")
			.isEqualTo(2)
			.jsonPath("$[0].trackId")
			.isEqualTo("live-file")
			.jsonPath("$[0].live")
			.isEqualTo(true)
			.jsonPath("$[1].title")
			.isEqualTo("Live Signal")
			.jsonPath("$[1].durationSeconds")
			.isEqualTo(0.0)
			.jsonPath("$[1].master")
			.isEqualTo("/tracks/live-signal/master.m3u8");
	}

	@Test
	void aLivePlaylistSlidesNeverEndsAndIsCachedBrieflyWithoutStaleServing() throws Exception {
		for (String channel : List.of("live-signal", "live-file")) {
			EntityExchangeResult<String> first = playlist(channel, "a128");
			assertThat(first.getResponseHeaders().getCacheControl())
				.isEqualTo("max-age=1, public, stale-while-revalidate=0");
			String text = first.getResponseBody();
			assertThat(text).doesNotContain("#EXT-X-ENDLIST").contains("#EXT-X-TARGETDURATION:2");
			assertThat(segments(text)).hasSizeBetween(1, 3);
			long end = sequence(text) + segments(text).size();
			await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
				String later = playlist(channel, "a128").getResponseBody();
				assertThat(sequence(later) + segments(later).size()).isGreaterThan(end);
			});
		}
		this.http.get()
			.uri("/tracks/live-signal/master.m3u8")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.value((master) -> assertThat(master).contains("a64/index.m3u8", "a128/index.m3u8", "a256/index.m3u8"));
	}

	@Test
	void everyRenditionListsTheSameWindowOfVerifiedDecodableSegments() throws Exception {
		for (String channel : List.of("live-signal", "live-file")) {
			List<String> texts = sameWindow(channel);
			for (String text : texts) {
				String init = single(MAP, text);
				byte[] initBytes = segmentBytes(init);
				List<String> names = segments(text);
				for (String name : names) {
					assertThat(SegmentId.ofBytes(segmentBytes(name)).value())
						.isEqualTo(SegmentName.parse(name).id().value());
				}
				// the init segment and the newest media segment make a file ffmpeg
				// decodes
				Path joined = Files.createTempFile("live", ".mp4");
				Files.write(joined, initBytes);
				Files.write(joined, segmentBytes(names.get(names.size() - 1)), java.nio.file.StandardOpenOption.APPEND);
				var decoded = TestAudio.tools()
					.ffmpeg(List.of("-v", "error", "-i", joined.toString(), "-f", "null", "-"), Duration.ofSeconds(30));
				assertThat(decoded.succeeded()).as(decoded.stderr()).isTrue();
				assertThat(decoded.stderr()).isEmpty();
			}
		}
	}

	@Test
	void aSegmentThatLeftTheWindowIsServedForAnotherWindowThenGone() throws Exception {
		String text = playlist("live-signal", "a64").getResponseBody();
		String oldest = segments(text).get(0);
		long left = waitUntil(Duration.ofSeconds(15),
				() -> !segments(playlist("live-signal", "a64").getResponseBody()).contains(oldest));
		assertThat(left).as("left the window").isPositive();
		assertThat(status(oldest)).isEqualTo(200);
		long gone = waitUntil(Duration.ofSeconds(15), () -> status(oldest) == 404);
		assertThat(gone).as("deleted after the grace").isPositive();
		// about a window (3 segments of 2 s) after it left
		assertThat(gone - left).isGreaterThan(3_000);
	}

	@Test
	void anEncoderKilledOnAirIsRestartedAndTheSequenceGoesOnAfterADiscontinuity() throws Exception {
		String before = playlist("live-file", "a256").getResponseBody();
		long end = sequence(before) + segments(before).size();
		ProcessHandle encoder = ProcessHandle.current()
			.descendants()
			.filter((process) -> process.info().commandLine().orElse("").contains("live-file/encoder"))
			.findFirst()
			.orElseThrow();
		encoder.destroyForcibly();
		long resumed = waitUntil(Duration.ofSeconds(20),
				() -> playlist("live-file", "a256").getResponseBody().contains("#EXT-X-DISCONTINUITY"));
		assertThat(resumed).as("a discontinuity after the restart").isPositive();
		String after = playlist("live-file", "a256").getResponseBody();
		assertThat(sequence(after) + segments(after).size()).isGreaterThan(end);
		for (String name : segments(after)) {
			assertThat(status(name)).isEqualTo(200);
		}
	}

	/**
	 * The three renditions' playlists of one moment (retried if a segment lands between).
	 */
	private List<String> sameWindow(String channel) {
		for (int attempt = 0; attempt < 10; attempt++) {
			List<String> texts = new ArrayList<>();
			for (String rendition : List.of("a64", "a128", "a256")) {
				texts.add(playlist(channel, rendition).getResponseBody());
			}
			long sequence = sequence(texts.get(0));
			int count = segments(texts.get(0)).size();
			if (texts.stream().allMatch((text) -> sequence(text) == sequence && segments(text).size() == count)) {
				return texts;
			}
		}
		throw new AssertionError("the renditions of " + channel + " never listed the same window");
	}

	private EntityExchangeResult<String> playlist(String channel, String rendition) {
		return this.http.get()
			.uri("/tracks/" + channel + "/" + rendition + "/index.m3u8")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.exists(HttpHeaders.ETAG)
			.expectBody(String.class)
			.returnResult();
	}

	private byte[] segmentBytes(String name) {
		return this.http.get()
			.uri("/segments/" + name)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(byte[].class)
			.returnResult()
			.getResponseBody();
	}

	private int status(String name) {
		return this.http.head().uri("/segments/" + name).exchange().returnResult(Void.class).getStatus().value();
	}

	private static long sequence(String text) {
		return Long.parseLong(single(SEQUENCE, text));
	}

	private static List<String> segments(String text) {
		List<String> names = new ArrayList<>();
		Matcher matcher = SEGMENT.matcher(text);
		while (matcher.find()) {
			names.add(matcher.group(1));
		}
		return names;
	}

	private static String single(Pattern pattern, String text) {
		Matcher matcher = pattern.matcher(text);
		assertThat(matcher.find()).as(pattern + " in " + text).isTrue();
		return matcher.group(1);
	}

	/** Millis since the call when the condition first held, or -1 after the timeout. */
	private static long waitUntil(Duration timeout, java.util.function.BooleanSupplier condition) {
		long start = System.nanoTime();
		try {
			await().atMost(timeout).pollInterval(Duration.ofMillis(100)).until(condition::getAsBoolean);
		}
		catch (ConditionTimeoutException ex) {
			return -1;
		}
		return Math.max(1, (System.nanoTime() - start) / 1_000_000);
	}

}
