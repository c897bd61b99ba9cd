package cdn.origin.takedown;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import cdn.kit.audit.AuditLog;
import cdn.origin.FakeContent;
import cdn.origin.FfmpegRequired;
import cdn.origin.TestDirs;
import cdn.protocol.SegmentFormat;
import cdn.protocol.SegmentId;
import cdn.protocol.SegmentName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cdn.kit.test.ServiceAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The origin's part of a takedown: {@code DELETE /v1/admin/tracks/{id}} behind the
 * operator token removes the track's playlists and the segments only it had (a segment
 * another track shares stays), answers 404 afterwards, refuses bad input without touching
 * the store, and is audited.
 */
@ExtendWith(FfmpegRequired.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "origin.demo-catalog.enabled=false", "origin.admin-token=" + TrackRemovalIT.TOKEN })
@AutoConfigureWebTestClient
class TrackRemovalIT {

	static final String TOKEN = "origin-removal-token-7c1f";

	static final Path DIR = TestDirs.temp("origin-removal-it");

	static final Path STORAGE = DIR.resolve("store");

	static final Path AUDIT = DIR.resolve("audit/origin.jsonl");

	static final FakeContent KEPT = new FakeContent(STORAGE).track("kept-track", "Kept", 2, 1024);

	static final FakeContent TAKEN = new FakeContent(STORAGE).track("taken-track", "Taken", 3, 1024);

	/** An init segment both tracks name, as every track of one ladder does. */
	static final SegmentName SHARED = shareInitSegment("kept-track", "taken-track");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@DynamicPropertySource
	static void files(DynamicPropertyRegistry registry) {
		registry.add("origin.storage", STORAGE::toString);
		registry.add("cdn.audit.file", AUDIT::toString);
	}

	@Autowired
	WebTestClient http;

	@Test
	void removalTakesThePlaylistsAndTheUnsharedSegmentsAndIsAudited() throws IOException {
		SegmentName own = TAKEN.segments.get(0);
		this.http.get().uri(own.path()).exchange().expectStatus().isOk();

		JsonNode report = JSON.readTree(delete("taken-track", TOKEN).expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody());
		assertThat(report.get("trackId").asString()).isEqualTo("taken-track");
		assertThat(report.get("playlists").asInt()).isEqualTo(4);
		assertThat(report.get("sharedSegments").asInt()).isEqualTo(1);
		assertThat(report.get("segments").valueStream().map(JsonNode::asString))
			.containsExactlyInAnyOrderElementsOf(TAKEN.segments.stream().map(SegmentName::fileName).toList());

		for (String path : List.of("/tracks/taken-track/master.m3u8", "/tracks/taken-track/a128/index.m3u8", own.path(),
				TAKEN.segments.get(8).path())) {
			expectProblem(this.http.get().uri(path).exchange(), 404);
		}
		assertThat(Files.exists(STORAGE.resolve("tracks/taken-track"))).isFalse();
		this.http.get().uri(SHARED.path()).exchange().expectStatus().isOk();
		this.http.get().uri("/tracks/kept-track/a64/index.m3u8").exchange().expectStatus().isOk();
		this.http.get().uri(KEPT.segments.get(0).path()).exchange().expectStatus().isOk();
		this.http.get()
			.uri("/v1/catalog")
			.exchange()
			.expectBody()
			.jsonPath("$.length()")
			.isEqualTo(1)
			.jsonPath("$[0].trackId")
			.isEqualTo("kept-track");
		// done once: again it is unknown
		expectProblem(delete("taken-track", TOKEN), 404);

		List<JsonNode> lines = Files.readAllLines(AUDIT)
			.stream()
			.map(JSON::readTree)
			.filter((line) -> line.path("target").asString("").equals("taken-track"))
			.toList();
		assertThat(lines).hasSize(2);
		assertThat(lines.get(0).get("action").asString()).isEqualTo("delete-track");
		assertThat(lines.get(0).get("outcome").asString()).isEqualTo("done");
		assertThat(lines.get(0).get("actor").asString()).isEqualTo(AuditLog.operator(TOKEN));
		assertThat(lines.get(0).get("details").get("segments").asInt()).isEqualTo(9);
		assertThat(lines.get(1).get("status").asInt()).isEqualTo(404);
		assertThat(Files.readString(AUDIT)).doesNotContain(TOKEN);
	}

	@Test
	void refusedRemovalsChangeNothing() {
		this.http.delete()
			.uri("/v1/admin/tracks/kept-track")
			.exchange()
			.expectStatus()
			.isUnauthorized()
			.expectHeader()
			.valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
		expectProblem(delete("kept-track", "not-the-operator-token"), 403);
		expectProblem(delete("Kept_Track", TOKEN), 400);
		expectProblem(delete("no-such-track", TOKEN), 404);
		expectProblem(delete("..%2Fsegments", TOKEN), 400);
		this.http.get().uri("/tracks/kept-track/master.m3u8").exchange().expectStatus().isOk();
		assertThat(Files.exists(STORAGE.resolve("segments").resolve(KEPT.segments.get(0).fileName()))).isTrue();
	}

	private WebTestClient.ResponseSpec delete(String trackId, String token) {
		return this.http.delete()
			.uri("/v1/admin/tracks/" + trackId)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
			.exchange();
	}

	private static SegmentName shareInitSegment(String... trackIds) {
		try {
			byte[] bytes = "shared init segment".getBytes();
			SegmentName init = new SegmentName(SegmentId.ofBytes(bytes), SegmentFormat.MP4);
			Files.write(STORAGE.resolve("segments").resolve(init.fileName()), bytes);
			for (String trackId : trackIds) {
				Path playlist = STORAGE.resolve("tracks").resolve(trackId).resolve("a64/index.m3u8");
				Files.writeString(playlist,
						Files.readString(playlist)
							.replace("#EXT-X-TARGETDURATION:4\n",
									"#EXT-X-TARGETDURATION:4\n#EXT-X-MAP:URI=\"" + init.path() + "\"\n"));
			}
			return init;
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

}
