package cdn.origin.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import cdn.origin.FfmpegRequired;
import cdn.origin.StoreSnapshot;
import cdn.origin.TestAudio;
import cdn.origin.TestDirs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code ffmpeg-scripts/make-hls.sh} (the origin's command-line ingest, run from the
 * built jar) and {@code POST /v1/tracks} produce byte-identical playlists and segments
 * for the same input: one implementation of the ladder.
 */
@ExtendWith(FfmpegRequired.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "origin.demo-catalog.enabled=false", "origin.admin-token=" + CommandLineIngestIT.TOKEN })
@AutoConfigureWebTestClient(timeout = "PT60S")
class CommandLineIngestIT {

	static final String TOKEN = "cli-it-admin-token";

	static final Path SCRIPT = Path.of("..", "ffmpeg-scripts", "make-hls.sh").toAbsolutePath().normalize();

	static final Path HTTP_STORAGE = TestDirs.temp("origin-cli-it-http");

	@DynamicPropertySource
	static void storage(DynamicPropertyRegistry registry) {
		registry.add("origin.storage", HTTP_STORAGE::toString);
	}

	@Autowired
	WebTestClient http;

	@Test
	void scriptAndHttpIngestProduceIdenticalTracks() throws Exception {
		Path inputs = TestDirs.temp("origin-cli-it-inputs");
		Path chord = TestAudio.render(inputs.resolve("chord.wav"),
				"aevalsrc='0.3*sin(2*PI*261.63*t)+0.3*sin(2*PI*392*t)':s=48000:d=12");
		Path cliStorage = TestDirs.temp("origin-cli-it-cli");

		Result cli = run("--title", "Chord", "--track-id", "chord", "--storage", cliStorage.toString(),
				chord.toString());
		assertThat(cli.exitCode()).as(cli.output()).isZero();
		assertThat(cli.output()).contains("published chord").contains("/tracks/chord/master.m3u8");

		MultipartBodyBuilder form = new MultipartBodyBuilder();
		form.part("file", new FileSystemResource(chord));
		form.part("title", "Chord");
		String location = this.http.post()
			.uri("/v1/tracks")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN)
			.body(BodyInserters.fromMultipartData(form.build()))
			.exchange()
			.expectStatus()
			.isAccepted()
			.returnResult(Void.class)
			.getResponseHeaders()
			.getLocation()
			.toString();
		await().atMost(Duration.ofSeconds(60))
			.untilAsserted(() -> this.http.get()
				.uri(location)
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN)
				.exchange()
				.expectBody()
				.jsonPath("$.state")
				.isEqualTo("published"));

		for (String playlist : List.of("master.m3u8", "a64/index.m3u8", "a128/index.m3u8", "a256/index.m3u8")) {
			assertThat(cliStorage.resolve("tracks/chord").resolve(playlist))
				.hasSameBinaryContentAs(HTTP_STORAGE.resolve("tracks/chord").resolve(playlist));
		}
		assertThat(segments(cliStorage)).isNotEmpty().isEqualTo(segments(HTTP_STORAGE));
	}

	@Test
	void scriptReportsBadInputWithAClearErrorAndExitCode() throws Exception {
		Path inputs = TestDirs.temp("origin-cli-it-bad");
		Path storage = TestDirs.temp("origin-cli-it-store");
		Path text = Files.writeString(inputs.resolve("notes.txt"), "not audio");
		Path tone = TestAudio.tone(inputs.resolve("tone.wav"), 3, 440);

		Result notAudio = run("--title", "Notes", "--storage", storage.toString(), text.toString());
		assertThat(notAudio.exitCode()).isEqualTo(3);
		assertThat(notAudio.output()).contains("error: not a media file").doesNotContain("Exception");

		Result noTitle = run("--storage", storage.toString(), tone.toString());
		assertThat(noTitle.exitCode()).isEqualTo(2);
		assertThat(noTitle.output()).contains("Missing required option: '--title");

		Result badId = run("--title", "Tone", "--track-id", "Bad/Id", "--storage", storage.toString(), tone.toString());
		assertThat(badId.exitCode()).isEqualTo(2);
		assertThat(badId.output()).contains("error: track id must match");

		assertThat(run("--title", "Tone", "--storage", storage.toString(), tone.toString()).exitCode()).isZero();
		List<String> published = StoreSnapshot.of(storage);
		Result again = run("--title", "Tone", "--storage", storage.toString(), tone.toString());
		assertThat(again.exitCode()).isEqualTo(4);
		assertThat(again.output()).contains("error: track 'tone' already exists");
		assertThat(StoreSnapshot.of(storage)).isEqualTo(published);
		assertThat(StoreSnapshot.staging(storage)).isEmpty();
	}

	private static List<String> segments(Path storage) throws IOException {
		try (Stream<Path> files = Files.list(storage.resolve("segments"))) {
			return files.map((file) -> file.getFileName().toString()).sorted().toList();
		}
	}

	record Result(int exitCode, String output) {
	}

	private static Result run(String... args) throws Exception {
		List<String> command = new java.util.ArrayList<>(List.of("bash", SCRIPT.toString()));
		command.addAll(List.of(args));
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		byte[] output = process.getInputStream().readAllBytes();
		assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
		return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
	}

}
