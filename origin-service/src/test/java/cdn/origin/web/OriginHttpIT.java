package cdn.origin.web;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

import cdn.kit.test.ServiceAssertions;
import cdn.origin.FakeContent;
import cdn.origin.FfmpegRequired;
import cdn.origin.TestDirs;
import cdn.protocol.SegmentId;
import cdn.protocol.SegmentName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cdn.kit.test.ServiceAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read paths over real HTTP against content written straight into the store: caching
 * headers, HEAD, Range, 304, bad input, metrics.
 */
@ExtendWith(FfmpegRequired.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "origin.demo-catalog.enabled=false", "management.defaults.metrics.export.enabled=true" })
@AutoConfigureWebTestClient
class OriginHttpIT {

	static final Path STORAGE = TestDirs.temp("origin-http-test");

	static final FakeContent CONTENT = new FakeContent(STORAGE).track("night-drive", "Night Drive", 3, 64 * 1024);

	@DynamicPropertySource
	static void storage(DynamicPropertyRegistry registry) {
		registry.add("origin.storage", STORAGE::toString);
	}

	@Autowired
	WebTestClient http;

	@LocalServerPort
	int port;

	@Test
	void catalogListsPublishedTracksWithAShortTtl() {
		this.http.get()
			.uri("/v1/catalog")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.cacheControl(org.springframework.http.CacheControl.maxAge(java.time.Duration.ofSeconds(10)).cachePublic())
			.expectBody()
			.jsonPath("$[0].trackId")
			.isEqualTo("night-drive")
			.jsonPath("$[0].title")
			.isEqualTo("Night Drive")
			.jsonPath("$[0].master")
			.isEqualTo("/tracks/night-drive/master.m3u8")
			.jsonPath("$[0].renditions.length()")
			.isEqualTo(3);
	}

	@Test
	void playlistsHaveMpegurlTypeShortTtlAndAnEtagThatGives304() {
		for (String path : new String[] { "/tracks/night-drive/master.m3u8", "/tracks/night-drive/a128/index.m3u8" }) {
			String etag = this.http.get()
				.uri(path)
				.exchange()
				.expectStatus()
				.isOk()
				.expectHeader()
				.contentType("application/vnd.apple.mpegurl")
				.expectHeader()
				.valueEquals(HttpHeaders.CACHE_CONTROL, "max-age=10, public")
				.expectBody(String.class)
				.value((body) -> assertThat(body).startsWith("#EXTM3U"))
				.returnResult()
				.getResponseHeaders()
				.getETag();
			assertThat(etag).matches("\"[0-9a-f]{64}\"");
			this.http.get().uri(path).header(HttpHeaders.IF_NONE_MATCH, etag).exchange().expectStatus().isNotModified();
		}
	}

	@Test
	void segmentIsServedWhole_immutable_withItsIdAsStrongEtag() {
		SegmentName segment = CONTENT.segments.get(0);
		byte[] body = this.http.get()
			.uri(segment.path())
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.CACHE_CONTROL, "max-age=31536000, public, immutable")
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, "\"" + segment.id().value() + "\"")
			.expectHeader()
			.valueEquals(HttpHeaders.ACCEPT_RANGES, "bytes")
			.expectHeader()
			.contentType(MediaType.parseMediaType("audio/mp4"))
			.expectBody(byte[].class)
			.returnResult()
			.getResponseBody();
		assertThat(body).hasSize(64 * 1024);
		assertThat(SegmentId.ofBytes(body)).isEqualTo(segment.id());
	}

	@Test
	void segmentMatchingIfNoneMatchIs304WithoutBody() {
		SegmentName segment = CONTENT.segments.get(1);
		this.http.get()
			.uri(segment.path())
			.header(HttpHeaders.IF_NONE_MATCH, "\"" + segment.id().value() + "\"")
			.exchange()
			.expectStatus()
			.isNotModified()
			.expectBody()
			.isEmpty();
	}

	@Test
	void headGivesLengthAndNoBody() {
		SegmentName segment = CONTENT.segments.get(0);
		this.http.head()
			.uri(segment.path())
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentLength(64 * 1024)
			.expectBody()
			.isEmpty();
	}

	@Test
	void rangeGivesPartialContent() throws Exception {
		SegmentName segment = CONTENT.segments.get(2);
		byte[] whole = Files.readAllBytes(STORAGE.resolve("segments").resolve(segment.fileName()));
		byte[] part = this.http.get()
			.uri(segment.path())
			.header(HttpHeaders.RANGE, "bytes=100-1099")
			.exchange()
			.expectStatus()
			.isEqualTo(206)
			.expectHeader()
			.valueEquals(HttpHeaders.CONTENT_RANGE, "bytes 100-1099/65536")
			.expectBody(byte[].class)
			.returnResult()
			.getResponseBody();
		assertThat(part).isEqualTo(java.util.Arrays.copyOfRange(whole, 100, 1100));
		this.http.get()
			.uri(segment.path())
			.header(HttpHeaders.RANGE, "bytes=-10")
			.exchange()
			.expectStatus()
			.isEqualTo(206)
			.expectBody(byte[].class)
			.isEqualTo(java.util.Arrays.copyOfRange(whole, whole.length - 10, whole.length));
	}

	@Test
	void unsatisfiableRangeIs416() {
		this.http.get()
			.uri(CONTENT.segments.get(0).path())
			.header(HttpHeaders.RANGE, "bytes=70000-80000")
			.exchange()
			.expectStatus()
			.isEqualTo(416);
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "/tracks/unknown/master.m3u8, 404", "/tracks/night-drive/a512/index.m3u8, 400",
			"/tracks/Night-Drive/master.m3u8, 400", "/tracks/-x/master.m3u8, 400",
			"/segments/0000000000000000000000000000000000000000000000000000000000000000.m4s, 404",
			"/segments/abc.m4s, 400", "/segments/ABCDEF.m4s, 400",
			"/segments/0000000000000000000000000000000000000000000000000000000000000000.exe, 400",
			"/segments/..%2F..%2Ftracks%2Fnight-drive%2Ftrack.json, 400", "/segments/%2e%2e, 400",
			"/tracks/%2e%2e/master.m3u8, 400", "/tracks/..%2F..%2Fetc/master.m3u8, 400",
			"/tracks/night-drive/..%2F..%2Ftrack.json/index.m3u8, 400", "/segments/..;/track.json, 404",
			"/tracks/night-drive/track.json, 404", "/segments/../tracks/night-drive/track.json, 404",
			"/etc/passwd, 404", "/v1/unknown, 404" })
	void badInputIsAClientErrorWithAProblemBody(String path, int status) {
		// sent as written: no client-side normalisation or re-encoding
		expectProblem(this.http.get().uri(URI.create("http://localhost:" + this.port + path)).exchange(), status);
	}

	/**
	 * The web player's page lives on the router's origin: a browser may read playlists
	 * and ranges of segments from here, after a preflight for {@code Range}.
	 */
	@Test
	void aBrowserFromAnotherOriginMayReadPlaylistsAndRanges() {
		SegmentName segment = CONTENT.segments.get(1);
		this.http.options()
			.uri(segment.path())
			.header(HttpHeaders.ORIGIN, "http://localhost:8080")
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "GET")
			.header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "range")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
			.expectHeader()
			.value(HttpHeaders.ACCESS_CONTROL_ALLOW_HEADERS,
					(allowed) -> assertThat(allowed).containsIgnoringCase("range"));
		this.http.get()
			.uri(segment.path())
			.header(HttpHeaders.ORIGIN, "http://localhost:8080")
			.header(HttpHeaders.RANGE, "bytes=0-9")
			.exchange()
			.expectStatus()
			.isEqualTo(206)
			.expectHeader()
			.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*")
			.expectHeader()
			.value(HttpHeaders.ACCESS_CONTROL_EXPOSE_HEADERS,
					(exposed) -> assertThat(exposed).contains("Content-Range", "Content-Length"));
		this.http.get()
			.uri("/tracks/night-drive/a128/index.m3u8")
			.header(HttpHeaders.ORIGIN, "http://localhost:8080")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
	}

	@Test
	void wrongMethodIs405Problem() {
		expectProblem(this.http.delete().uri("/v1/catalog").exchange(), 405);
	}

	@Test
	void ingestWithoutAConfiguredTokenIsForbidden() {
		this.http.post()
			.uri("/v1/tracks")
			.contentType(MediaType.MULTIPART_FORM_DATA)
			.header(HttpHeaders.AUTHORIZATION, "Bearer anything")
			.bodyValue(new org.springframework.util.LinkedMultiValueMap<>())
			.exchange()
			.expectStatus()
			.isForbidden()
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("ingest is disabled: no admin token is configured");
	}

	@Test
	void servedBytesAreCountedByKind() {
		SegmentName segment = CONTENT.segments.get(3);
		double before = originBytes("segment");
		this.http.get().uri(segment.path()).exchange().expectStatus().isOk();
		this.http.head().uri(segment.path()).exchange().expectStatus().isOk();
		assertThat(originBytes("segment") - before).isEqualTo(64 * 1024);
		double playlistsBefore = originBytes("playlist");
		this.http.get().uri("/tracks/night-drive/master.m3u8").exchange().expectStatus().isOk();
		assertThat(originBytes("playlist")).isGreaterThan(playlistsBefore);
	}

	@Test
	void livenessAndReadinessAreUp() {
		this.http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
		this.http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
	}

	private double originBytes(String kind) {
		String scrape = ServiceAssertions.scrape(this.http);
		return scrape.lines()
			.filter((line) -> line.startsWith("cdn_origin_bytes_total{") && line.contains("kind=\"" + kind + "\""))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no cdn_origin_bytes_total for " + kind + " in\n" + scrape));
	}

}
