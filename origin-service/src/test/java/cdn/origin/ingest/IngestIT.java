package cdn.origin.ingest;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import cdn.kit.test.ServiceAssertions;
import cdn.origin.FfmpegRequired;
import cdn.origin.StoreSnapshot;
import cdn.origin.TestAudio;
import cdn.origin.TestDirs;
import cdn.origin.media.FfmpegTools;
import cdn.protocol.SegmentId;
import cdn.protocol.SegmentName;
import io.lindstrom.m3u8.model.MasterPlaylist;
import io.lindstrom.m3u8.model.MediaPlaylist;
import io.lindstrom.m3u8.model.MediaSegment;
import io.lindstrom.m3u8.parser.MasterPlaylistParser;
import io.lindstrom.m3u8.parser.MediaPlaylistParser;
import org.junit.jupiter.api.BeforeEach;
import reactor.netty.resources.ConnectionProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.io.FileSystemResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.BodyInserters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Ingest over real HTTP with real ffmpeg: a generated tone becomes the ladder, a real HLS
 * client decodes it from the running origin, and every bad upload is refused without a
 * trace on disk.
 */
@ExtendWith(FfmpegRequired.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "origin.demo-catalog.enabled=false", "origin.admin-token=" + IngestIT.TOKEN,
				"origin.ingest.max-upload-size=4MB" })
@AutoConfigureWebTestClient(timeout = "PT60S")
class IngestIT {

	static final String TOKEN = "test-admin-token";

	static final Path STORAGE = TestDirs.temp("origin-ingest-it");

	static final Path INPUTS = TestDirs.temp("origin-ingest-inputs");

	private static volatile boolean tonePublished;

	@DynamicPropertySource
	static void storage(DynamicPropertyRegistry registry) {
		registry.add("origin.storage", STORAGE::toString);
	}

	@Autowired
	WebTestClient http;

	@LocalServerPort
	int port;

	@BeforeEach
	void publishTheToneOnce() throws Exception {
		if (tonePublished) {
			return;
		}
		Path tone = TestAudio.tone(INPUTS.resolve("tone.wav"), 20, 440);
		String location = this.http.post()
			.uri("/v1/tracks")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN)
			.body(BodyInserters.fromMultipartData(upload(tone, "Test Tone", "test-tone").build()))
			.exchange()
			.expectStatus()
			.isAccepted()
			.expectBody()
			.jsonPath("$.state")
			.isEqualTo("queued")
			.jsonPath("$.trackId")
			.isEqualTo("test-tone")
			.returnResult()
			.getResponseHeaders()
			.getLocation()
			.toString();
		await().atMost(Duration.ofSeconds(60))
			.pollInterval(Duration.ofMillis(200))
			.untilAsserted(() -> this.http.get()
				.uri(location)
				.header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN)
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody()
				.jsonPath("$.state")
				.isEqualTo("published")
				.jsonPath("$.master")
				.isEqualTo("/tracks/test-tone/master.m3u8"));
		tonePublished = true;
	}

	@Test
	void toneBecomesThreeRenditionsWithSelfCertifyingSegments() throws Exception {
		MasterPlaylist master = new MasterPlaylistParser().readPlaylist(get("/tracks/test-tone/master.m3u8"));
		assertThat(master.variants()).extracting((variant) -> variant.uri())
			.containsExactly("a64/index.m3u8", "a128/index.m3u8", "a256/index.m3u8");
		assertThat(master.variants())
			.allSatisfy((variant) -> assertThat(variant.codecs()).containsExactly("mp4a.40.2"));
		assertThat(master.variants().get(0).bandwidth()).isLessThan(master.variants().get(1).bandwidth());
		assertThat(master.variants().get(1).bandwidth()).isLessThan(master.variants().get(2).bandwidth());

		for (String rendition : List.of("a64", "a128", "a256")) {
			MediaPlaylist media = new MediaPlaylistParser()
				.readPlaylist(get("/tracks/test-tone/" + rendition + "/index.m3u8"));
			double duration = media.mediaSegments().stream().mapToDouble(MediaSegment::duration).sum();
			assertThat(duration).as("duration of %s", rendition)
				.isCloseTo(20.0, org.assertj.core.data.Offset.offset(0.1));
			assertThat(media.targetDuration()).isEqualTo(4);
			String init = media.mediaSegments().get(0).segmentMap().orElseThrow().uri();
			assertSelfCertifying(init);
			for (MediaSegment segment : media.mediaSegments()) {
				assertThat(segment.uri()).startsWith("/segments/").endsWith(".m4s");
				assertSelfCertifying(segment.uri());
			}
		}
	}

	@Test
	void realHlsClientDecodesEveryRenditionFromTheRunningOrigin() throws Exception {
		String master = "http://localhost:" + this.port + "/tracks/test-tone/master.m3u8";
		FfmpegTools tools = TestAudio.tools();

		FfmpegTools.ProcessResult probe = tools.ffprobe(
				List.of("-v", "error", "-show_entries", "stream=index,codec_type,codec_name", "-of", "csv=p=0", master),
				Duration.ofSeconds(60));
		assertThat(probe.succeeded()).as(probe.stderr()).isTrue();
		// each stream is listed once per program (variant) and once on its own
		List<String> streams = probe.stdout().lines().filter((line) -> !line.isBlank()).distinct().toList();
		assertThat(streams).containsExactlyInAnyOrder("0,aac,audio", "1,aac,audio", "2,aac,audio");

		FfmpegTools.ProcessResult decode = tools.ffmpeg(List.of("-v", "error", "-i", master, "-map", "0:a", "-f",
				"null", "-", "-progress", "pipe:1", "-nostats"), Duration.ofSeconds(60));
		assertThat(decode.succeeded()).as(decode.stderr()).isTrue();
		assertThat(decode.stderr()).isEmpty();
		assertThat(decode.stdout()).contains("progress=end").contains("out_time=00:00:20.0");
	}

	@Test
	void reingestingAnExistingTrackIs409AndLeavesItUntouched() throws Exception {
		List<String> before = StoreSnapshot.of(STORAGE);
		byte[] master = get("/tracks/test-tone/master.m3u8").getBytes();
		Path other = TestAudio.tone(INPUTS.resolve("other.wav"), 5, 660);

		postUpload(upload(other, "Test Tone", "test-tone"), TOKEN).expectStatus().isEqualTo(409);
		postUpload(upload(other, "Test Tone", null), TOKEN).expectStatus().isEqualTo(409);

		assertUnchanged(before);
		assertThat(get("/tracks/test-tone/master.m3u8").getBytes()).isEqualTo(master);
	}

	@Test
	void nonAudioUploadIs422WithFfmpegsReason() throws Exception {
		List<String> before = StoreSnapshot.of(STORAGE);
		Path text = Files.writeString(INPUTS.resolve("notes.txt"), "these are not the bytes you are looking for\n");

		postUpload(upload(text, "Notes", "notes"), TOKEN).expectStatus()
			.isEqualTo(422)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.value(String.class,
					(detail) -> assertThat(detail).contains("Invalid data found").doesNotContain(STORAGE.toString()));

		assertUnchanged(before);
		assertThat(exists("/tracks/notes/master.m3u8")).isFalse();
	}

	@Test
	void imageWithoutAudioIs422() throws Exception {
		List<String> before = StoreSnapshot.of(STORAGE);
		Path image = INPUTS.resolve("image.png");
		FfmpegTools.ProcessResult rendered = TestAudio.tools()
			.ffmpeg(List.of("-v", "error", "-y", "-f", "lavfi", "-i", "color=c=red:s=32x32:d=1", "-frames:v", "1",
					image.toString()), Duration.ofSeconds(30));
		assertThat(rendered.succeeded()).as(rendered.stderr()).isTrue();

		postUpload(upload(image, "Image", "image"), TOKEN).expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("the file has no audio stream");
		assertUnchanged(before);
	}

	@Test
	void truncatedUploadsAre422() throws Exception {
		List<String> before = StoreSnapshot.of(STORAGE);
		Path wav = TestAudio.tone(INPUTS.resolve("whole.wav"), 5, 330);
		byte[] bytes = Files.readAllBytes(wav);
		// cut in the middle of a sample frame
		Path cutWav = Files.write(INPUTS.resolve("cut.wav"), Arrays.copyOf(bytes, bytes.length / 2 + 1));
		Path mp3 = INPUTS.resolve("whole.mp3");
		TestAudio.render(mp3, "sine=frequency=330:sample_rate=44100:duration=5");
		byte[] mp3Bytes = Files.readAllBytes(mp3);
		Path cutMp3 = Files.write(INPUTS.resolve("cut.mp3"), Arrays.copyOf(mp3Bytes, mp3Bytes.length * 2 / 3));

		postUpload(upload(cutWav, "Cut Wav", "cut-wav"), TOKEN).expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.detail")
			.value(String.class,
					(detail) -> assertThat(detail).startsWith("audio does not decode cleanly").doesNotContain("0x"));
		postUpload(upload(cutMp3, "Cut Mp3", "cut-mp3"), TOKEN).expectStatus()
			.isEqualTo(422)
			.expectBody()
			.jsonPath("$.detail")
			.value(String.class, (detail) -> assertThat(detail).startsWith("audio is truncated"));

		assertUnchanged(before);
	}

	@Test
	void uploadOverTheLimitIs413WithOrWithoutContentLength() throws Exception {
		List<String> before = StoreSnapshot.of(STORAGE);
		Path big = TestAudio.tone(INPUTS.resolve("big.wav"), 30, 220);
		assertThat(Files.size(big)).isGreaterThan(4 * 1024 * 1024);

		postUpload(upload(big, "Big", "big"), TOKEN).expectStatus()
			.isEqualTo(413)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);

		// chunked: the limit must hold while the body streams in
		String boundary = "cdn-test-boundary";
		byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nBig\r\n--"
				+ boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.wav\"\r\n"
				+ "Content-Type: audio/wav\r\n\r\n")
			.getBytes();
		byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes();
		byte[] file = Files.readAllBytes(big);
		byte[] body = new byte[head.length + file.length + tail.length];
		System.arraycopy(head, 0, body, 0, head.length);
		System.arraycopy(file, 0, body, head.length, file.length);
		System.arraycopy(tail, 0, body, head.length + file.length, tail.length);
		HttpResponse<String> chunked = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/v1/tracks"))
				.header("Authorization", "Bearer " + TOKEN)
				.header("Content-Type", "multipart/form-data; boundary=" + boundary)
				.POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(chunked.statusCode()).isEqualTo(413);
		assertThat(chunked.headers().firstValue("Content-Type")).contains("application/problem+json");

		assertUnchanged(before);
	}

	@Test
	void missingTokenIs401AndWrongTokenIs403() throws Exception {
		List<String> before = StoreSnapshot.of(STORAGE);
		Path tone = TestAudio.tone(INPUTS.resolve("auth.wav"), 2, 500);

		uploads().post()
			.uri("/v1/tracks")
			.body(BodyInserters.fromMultipartData(upload(tone, "Auth", "auth").build()))
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		postUpload(upload(tone, "Auth", "auth"), "not-the-token").expectStatus().isForbidden();
		this.http.get().uri("/v1/ingests/anything").exchange().expectStatus().isUnauthorized();

		assertUnchanged(before);
	}

	@Test
	void malformedFormsAre400() throws Exception {
		List<String> before = StoreSnapshot.of(STORAGE);
		Path tone = TestAudio.tone(INPUTS.resolve("form.wav"), 2, 550);

		MultipartBodyBuilder noFile = new MultipartBodyBuilder();
		noFile.part("title", "No File");
		postUpload(noFile, TOKEN).expectStatus().isBadRequest();
		postUpload(upload(tone, null, "no-title"), TOKEN).expectStatus().isBadRequest();
		postUpload(upload(tone, "Bad Id", "../etc"), TOKEN).expectStatus()
			.isBadRequest()
			.expectBody()
			.jsonPath("$.detail")
			.value(String.class, (detail) -> assertThat(detail).contains("track id"));
		postUpload(upload(tone, "x".repeat(201), "long-title"), TOKEN).expectStatus().isBadRequest();
		postUpload(upload(tone, "!!!", null), TOKEN).expectStatus().isBadRequest();
		this.http.post()
			.uri("/v1/tracks")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN)
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(Map.of("title", "json"))
			.exchange()
			.expectStatus()
			.isEqualTo(415);
		this.http.get()
			.uri("/v1/ingests/no-such-job")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + TOKEN)
			.exchange()
			.expectStatus()
			.isNotFound();

		assertUnchanged(before);
	}

	@Test
	void malformedMultipartBodiesAre400() throws Exception {
		List<String> before = StoreSnapshot.of(STORAGE);
		Map<String, String> bodies = Map.of("multipart/form-data", "garbage", "multipart/form-data; boundary=xyz",
				"garbage", "multipart/form-data; boundary=abc",
				"--abc\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nnever ends");
		for (Map.Entry<String, String> body : bodies.entrySet()) {
			HttpResponse<String> response = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/v1/tracks"))
					.header("Authorization", "Bearer " + TOKEN)
					.header("Content-Type", body.getKey())
					.POST(HttpRequest.BodyPublishers.ofString(body.getValue()))
					.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(response.statusCode()).as(body.getKey()).isEqualTo(400);
			assertThat(response.body()).contains("malformed request body");
		}
		assertUnchanged(before);
	}

	/**
	 * Uploads go on connections of their own, never pooled: after an early answer (401,
	 * 403, 413 before the body was read) the server may close the connection, and a
	 * pooled one it is closing must not carry the next upload (it failed one now and then
	 * with "connection closed before response").
	 */
	private WebTestClient uploads() {
		return WebTestClient
			.bindToServer(new ReactorClientHttpConnector(
					reactor.netty.http.client.HttpClient.create(ConnectionProvider.newConnection())))
			.baseUrl("http://localhost:" + this.port)
			.responseTimeout(Duration.ofSeconds(60))
			.build();
	}

	private WebTestClient.ResponseSpec postUpload(MultipartBodyBuilder form, String token) {
		return uploads().post()
			.uri("/v1/tracks")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.body(BodyInserters.fromMultipartData(form.build()))
			.exchange();
	}

	private static MultipartBodyBuilder upload(Path file, String title, String trackId) {
		MultipartBodyBuilder form = new MultipartBodyBuilder();
		form.part("file", new FileSystemResource(file));
		if (title != null) {
			form.part("title", title);
		}
		if (trackId != null) {
			form.part("trackId", trackId);
		}
		return form;
	}

	private void assertUnchanged(List<String> before) {
		assertThat(StoreSnapshot.of(STORAGE)).isEqualTo(before);
		await().atMost(Duration.ofSeconds(10)).until(() -> StoreSnapshot.staging(STORAGE).isEmpty());
	}

	private void assertSelfCertifying(String path) {
		byte[] bytes = this.http.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(byte[].class)
			.returnResult()
			.getResponseBody();
		String fileName = path.substring(path.lastIndexOf('/') + 1);
		assertThat(SegmentId.ofBytes(bytes)).isEqualTo(SegmentName.parse(fileName).id());
	}

	private String get(String path) {
		return ServiceAssertions.getOk(this.http, path);
	}

	private boolean exists(String path) {
		return this.http.get().uri(path).exchange().returnResult(byte[].class).getStatus().is2xxSuccessful();
	}

}
