package cdn.origin.web;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

import cdn.kit.security.SignedUrls;
import cdn.kit.security.UrlSigningKeys;
import cdn.origin.FakeContent;
import cdn.origin.FfmpegRequired;
import cdn.origin.TestDirs;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cdn.kit.test.ServiceAssertions.expectProblem;

/**
 * An origin with {@code cdn.signed-urls.required}: playlists and segments only with a
 * valid signature (an edge's, made with the same keys), 403 without or with another
 * track's, 410 once expired, before any file is read; the catalog stays open.
 */
@ExtendWith(FfmpegRequired.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "origin.demo-catalog.enabled=false", "cdn.signed-urls.required=true" })
@AutoConfigureWebTestClient
class OriginSignedUrlsIT {

	static final Path STORAGE = TestDirs.temp("origin-signed-test");

	static final FakeContent CONTENT = new FakeContent(STORAGE).track("night-drive", "Night Drive", 2, 16 * 1024);

	static final String KEYS = UrlSigningKeys.newEntry("edge1");

	static final SignedUrls EDGE = new SignedUrls(UrlSigningKeys.parse(KEYS), Clock.systemUTC());

	@DynamicPropertySource
	static void settings(DynamicPropertyRegistry registry) {
		registry.add("origin.storage", STORAGE::toString);
		registry.add("cdn.signed-urls.keys", () -> KEYS);
	}

	@Autowired
	WebTestClient http;

	@LocalServerPort
	int port;

	@Test
	void onlySignedPlaylistAndSegmentRequestsAreServed() {
		String scope = SignedUrls.trackScope("night-drive");
		String valid = EDGE.sign(scope, Instant.now().plusSeconds(300));
		String expired = EDGE.sign(scope, Instant.now().minusSeconds(5));
		String other = EDGE.sign(SignedUrls.trackScope("other"), Instant.now().plusSeconds(300));
		for (String path : new String[] { "/tracks/night-drive/master.m3u8", "/tracks/night-drive/a128/index.m3u8",
				CONTENT.segments.get(0).path() }) {
			get(path + "?" + valid).expectStatus().isOk();
			expectProblem(get(path), 403);
			expectProblem(get(path + "?" + expired), 410);
		}
		expectProblem(get("/tracks/night-drive/master.m3u8?" + other), 403);
		// a segment is content-addressed: any valid signature covers it
		get(CONTENT.segments.get(0).path() + "?" + other).expectStatus().isOk();
		get("/v1/catalog").expectStatus().isOk();
	}

	private WebTestClient.ResponseSpec get(String pathAndQuery) {
		return this.http.get().uri(URI.create("http://127.0.0.1:" + this.port + pathAndQuery)).exchange();
	}

}
