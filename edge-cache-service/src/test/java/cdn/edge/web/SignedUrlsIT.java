package cdn.edge.web;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import cdn.edge.EdgeApplication;
import cdn.edge.EdgeITSupport;
import cdn.edge.FakeUpstream;
import cdn.kit.security.SignedUrls;
import cdn.kit.security.UrlSigningKeys;
import cdn.kit.signedurl.SignedUrlGate;
import cdn.protocol.SegmentName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An edge that requires signed URLs ({@code cdn.signed-urls.required}), in front of a
 * shield edge that requires them too: a playlist or segment is served only with a valid
 * signature of its track (a hit in the fast path as well as a miss), 403 without one or
 * with another track's, 410 once expired; the catalog stays open; and the edge signs its
 * own upstream fetches, so the shield serves it and the signature listeners sent never
 * travels upstream.
 */
class SignedUrlsIT {

	private static final String KEYS = UrlSigningKeys.newEntry("u1");

	private static final SignedUrls SIGNER = new SignedUrls(UrlSigningKeys.parse(KEYS), Clock.systemUTC());

	private final List<ConfigurableApplicationContext> edges = new ArrayList<>();

	@AfterEach
	void closeEdges() {
		this.edges.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void onlySignedRequestsAreServedAndTheEdgeSignsItsOwnFetches() {
		try (FakeUpstream origin = FakeUpstream.start()) {
			List<SegmentName> segments = origin.track("signed-track", 2, 4096);
			origin.track("other-track", 1, 1024);
			origin.put("/v1/catalog", "[]".getBytes(StandardCharsets.UTF_8), "application/json", "max-age=5, public");
			String shield = url(edge(origin, "shield", ""));
			String child = url(edge(origin, "child", shield));
			WebTestClient http = EdgeITSupport.keepAliveConnections(child);
			String track = SIGNER.sign(SignedUrls.trackScope("signed-track"), Instant.now().plusSeconds(600));
			String master = "/tracks/signed-track/master.m3u8";
			String segment = segments.get(0).path();

			status(http, child + master, 403);
			byte[] signedMaster = signed(origin.body(master), track);
			expect(http, child + master + "?" + track, "MISS", signedMaster);
			// a hit, answered (and rewritten) by the fast path, and the same refusals
			// there
			expect(http, child + master + "?" + track, "HIT", signedMaster);
			status(http, child + master, 403);
			// each URI a player resolves from the playlist carries the signature on
			String media = "/tracks/signed-track/a128/index.m3u8";
			String mediaPlaylist = new String(fetch(http, child + media + "?" + track), StandardCharsets.UTF_8);
			List<String> segmentUris = mediaPlaylist.lines().filter((line) -> line.startsWith("/segments/")).toList();
			assertThat(segmentUris).hasSize(2).allSatisfy((uri) -> assertThat(uri).endsWith(".m4s?" + track));
			assertThat(segments.stream().map((name) -> name.path() + "?" + track)).containsAll(segmentUris);
			expect(http, child + segment + "?" + track, "MISS", origin.body(segment));
			expect(http, child + segment + "?" + track, "HIT", origin.body(segment));
			status(http, child + segment, 403);
			status(http, child + "/tracks/other-track/master.m3u8?" + track, 403);
			String expired = SIGNER.sign(SignedUrls.trackScope("signed-track"), Instant.now().minusSeconds(60));
			status(http, child + master + "?" + expired, 410);
			status(http, child + master + "?" + track.replace("cdn-sig=", "cdn-sig=A"), 403);
			http.get().uri(URI.create(child + "/v1/catalog")).exchange().expectStatus().isOk();

			// the shield's fetches reached the origin signed by the edge in a header (a
			// fresh signature for the one path), never with the listener's; the catalog
			// unsigned
			assertThat(origin.received()).filteredOn((request) -> !request.uri().startsWith("/v1/catalog"))
				.hasSize(3)
				.allSatisfy((request) -> {
					assertThat(request.uri()).doesNotContain("cdn-");
					assertThat(request.requestHeaders().get(SignedUrlGate.HEADER)).contains("cdn-sig=");
				});
			assertThat(origin.hits(master)).isEqualTo(1);
		}
	}

	/** The playlist as a signed request gets it: its URIs signed as the request. */
	private static byte[] signed(byte[] playlist, String signature) {
		return String
			.join("\n",
					new String(playlist, StandardCharsets.UTF_8).lines()
						.map((line) -> (line.isEmpty() || line.startsWith("#")) ? line : line + "?" + signature)
						.toList())
			.concat("\n")
			.getBytes(StandardCharsets.UTF_8);
	}

	private static byte[] fetch(WebTestClient http, String url) {
		return http.get()
			.uri(URI.create(url))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(byte[].class)
			.returnResult()
			.getResponseBody();
	}

	private static void expect(WebTestClient http, String url, String cache, byte[] body) {
		http.get()
			.uri(URI.create(url))
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Cache", cache)
			.expectBody(byte[].class)
			.isEqualTo(body);
	}

	private static void status(WebTestClient http, String url, int status) {
		http.get()
			.uri(URI.create(url))
			.exchange()
			.expectStatus()
			.isEqualTo(status)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo(status);
	}

	private ConfigurableApplicationContext edge(FakeUpstream origin, String region, String shields) {
		ConfigurableApplicationContext edge = new SpringApplicationBuilder(EdgeApplication.class).run("--server.port=0",
				"--spring.main.banner-mode=off", "--edge.region=" + region, "--edge.upstream=" + origin.baseUrl(),
				"--edge.shields=" + shields, "--cdn.signed-urls.keys=" + KEYS, "--cdn.signed-urls.required=true");
		this.edges.add(edge);
		return edge;
	}

	private static String url(ConfigurableApplicationContext edge) {
		return "http://127.0.0.1:" + edge.getEnvironment().getProperty("local.server.port");
	}

}
