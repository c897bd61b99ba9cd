package cdn.edge.web;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import cdn.edge.EdgeITSupport;
import cdn.edge.FakeUpstream;
import cdn.kit.test.ServiceAssertions;
import cdn.protocol.SegmentName;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import reactor.core.publisher.Flux;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.reactive.function.client.WebClient;

import static cdn.kit.test.ServiceAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The edge in front of a real (fake) upstream over HTTP: coalescing, headers, every
 * failure kind, integrity, bad input that never reaches the upstream, metrics.
 */
class EdgeHttpIT extends EdgeITSupport {

	@Autowired
	MeterRegistry registry;

	@Test
	void fiftyConcurrentMissesFetchUpstreamOnce() throws Exception {
		SegmentName segment = UPSTREAM.segment(64 * 1024, 1);
		// the upstream answers only once all 50 requests are in
		UPSTREAM.hold(segment.path());
		double waitersBefore = coalescedWaiters();
		WebClient client = WebClient.builder()
			.baseUrl("http://127.0.0.1:" + this.port)
			.codecs((codecs) -> codecs.defaultCodecs().maxInMemorySize(1024 * 1024))
			.build();
		CompletableFuture<List<ResponseEntity<byte[]>>> all = Flux.range(0, 50)
			.flatMap((i) -> client.get().uri(segment.path()).retrieve().toEntity(byte[].class), 50)
			.collectList()
			.toFuture();
		await().atMost(Duration.ofSeconds(20))
			.until(() -> UPSTREAM.hits(segment.path()) == 1 && coalescedWaiters() - waitersBefore >= 49);
		UPSTREAM.release(segment.path());
		List<ResponseEntity<byte[]>> responses = all.get(20, TimeUnit.SECONDS);
		assertThat(responses).hasSize(50)
			.allSatisfy((response) -> assertThat(response.getBody()).isEqualTo(UPSTREAM.body(segment.path())));
		Map<String, Long> outcomes = responses.stream()
			.collect(Collectors.groupingBy((response) -> response.getHeaders().getFirst("X-Cache"),
					Collectors.counting()));
		assertThat(outcomes).containsOnly(Map.entry("MISS", 1L), Map.entry("COALESCED", 49L));
		assertThat(UPSTREAM.hits(segment.path())).isEqualTo(1);
	}

	private double coalescedWaiters() {
		return this.registry.counter("cdn.edge.coalesced.waiters").count();
	}

	@Test
	void secondRequestIsAHitWithEdgeHeadersAndTheUpstreamsCaching() {
		SegmentName segment = UPSTREAM.segment(4096, 2);
		this.http.get()
			.uri(segment.path())
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Cache", "MISS")
			.expectHeader()
			.valueEquals("X-Edge-Region", "test-east");
		this.clock.advance(Duration.ofSeconds(7));
		this.http.get()
			.uri(segment.path())
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Cache", "HIT")
			.expectHeader()
			.valueEquals(HttpHeaders.AGE, "7")
			.expectHeader()
			.valueEquals(HttpHeaders.CACHE_CONTROL, "max-age=31536000, public, immutable")
			.expectHeader()
			.valueEquals(HttpHeaders.ETAG, "\"" + segment.id().value() + "\"")
			.expectHeader()
			.contentType(MediaType.parseMediaType("audio/mp4"))
			.expectBody(byte[].class)
			.isEqualTo(UPSTREAM.body(segment.path()));
		assertThat(UPSTREAM.hits(segment.path())).isEqualTo(1);
	}

	@Test
	void rangeConditionalAndHeadAreAnsweredFromTheCache() {
		SegmentName segment = UPSTREAM.segment(65536, 3);
		byte[] whole = UPSTREAM.body(segment.path());
		this.http.get()
			.uri(segment.path())
			.header(HttpHeaders.RANGE, "bytes=100-1099")
			.exchange()
			.expectStatus()
			.isEqualTo(206)
			.expectHeader()
			.valueEquals(HttpHeaders.CONTENT_RANGE, "bytes 100-1099/65536")
			.expectHeader()
			.valueEquals("X-Cache", "MISS")
			.expectBody(byte[].class)
			.isEqualTo(Arrays.copyOfRange(whole, 100, 1100));
		this.http.get()
			.uri(segment.path())
			.header(HttpHeaders.RANGE, "bytes=70000-80000")
			.exchange()
			.expectStatus()
			.isEqualTo(416);
		this.http.get()
			.uri(segment.path())
			.header(HttpHeaders.IF_NONE_MATCH, "\"" + segment.id().value() + "\"")
			.exchange()
			.expectStatus()
			.isNotModified()
			.expectBody()
			.isEmpty();
		this.http.head()
			.uri(segment.path())
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentLength(65536)
			.expectHeader()
			.valueEquals("X-Cache", "HIT")
			.expectBody()
			.isEmpty();
		assertThat(UPSTREAM.hits(segment.path())).isEqualTo(1);
	}

	@Test
	void queryStringAndTokensAreNeitherCacheKeyNorSentUpstream() {
		SegmentName segment = UPSTREAM.segment(1024, 4);
		this.http.get()
			.uri(segment.path() + "?token=first")
			.header(HttpHeaders.AUTHORIZATION, "Bearer listener-secret")
			.exchange()
			.expectHeader()
			.valueEquals("X-Cache", "MISS");
		this.http.get().uri(segment.path() + "?token=second").exchange().expectHeader().valueEquals("X-Cache", "HIT");
		var sent = UPSTREAM.received().stream().filter((request) -> request.uri().startsWith(segment.path())).toList();
		assertThat(sent).hasSize(1);
		assertThat(sent.get(0).uri()).isEqualTo(segment.path());
		assertThat(sent.get(0).requestHeaders().contains(HttpHeaders.AUTHORIZATION)).isFalse();
	}

	@Test
	void truncatedUpstreamBodyIsNeitherCachedNorServedAs200() {
		SegmentName segment = UPSTREAM.segment(64 * 1024, 5);
		UPSTREAM.fault(segment.path(), FakeUpstream.Fault.TRUNCATE);
		this.http.get()
			.uri(segment.path())
			.exchange()
			.expectStatus()
			.isEqualTo(502)
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("upstream body truncated");
		// one retry within the budget, then the failure
		assertThat(UPSTREAM.hits(segment.path())).isEqualTo(2);
		UPSTREAM.heal(segment.path());
		this.http.get()
			.uri(segment.path())
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Cache", "MISS")
			.expectBody(byte[].class)
			.isEqualTo(UPSTREAM.body(segment.path()));
	}

	@Test
	void segmentThatDoesNotHashToItsIdIsRejected() {
		SegmentName segment = UPSTREAM.segment(8192, 6);
		UPSTREAM.fault(segment.path(), FakeUpstream.Fault.CORRUPT);
		this.http.get()
			.uri(segment.path())
			.exchange()
			.expectStatus()
			.isEqualTo(502)
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("upstream segment does not match its id");
		UPSTREAM.heal(segment.path());
		this.http.get().uri(segment.path()).exchange().expectHeader().valueEquals("X-Cache", "MISS");
	}

	@Test
	void upstream503Then200GivesOneAnswerFromTwoUpstreamRequests() {
		SegmentName segment = UPSTREAM.segment(2048, 7);
		UPSTREAM.failNext(segment.path(), 503);
		this.http.get()
			.uri(segment.path())
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.valueEquals("X-Cache", "MISS");
		assertThat(UPSTREAM.hits(segment.path())).isEqualTo(2);
	}

	@Test
	void upstreamTimeoutWithNothingCachedIs504() {
		String path = "/tracks/slow-track/master.m3u8";
		UPSTREAM.playlist(path, "#EXTM3U\n").delay(path, Duration.ofSeconds(4));
		this.http.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isEqualTo(504)
			.expectBody()
			.jsonPath("$.detail")
			.isEqualTo("upstream timeout");
		assertThat(UPSTREAM.hits(path)).isEqualTo(1);
	}

	/**
	 * Its own path: the upstream and the edge are shared by the test classes (a 404 is
	 * remembered for the negative TTL, see {@code NegativeCacheIT}).
	 */
	@Test
	void upstreamNotFoundIs404AndIsRememberedForTheNegativeTtl() {
		String path = "/tracks/never-published-http/master.m3u8";
		this.http.get()
			.uri(path)
			.exchange()
			.expectStatus()
			.isNotFound()
			.expectHeader()
			.contentType(MediaType.APPLICATION_PROBLEM_JSON);
		this.http.get().uri(path).exchange().expectStatus().isNotFound();
		assertThat(UPSTREAM.hits(path)).isEqualTo(1);
		this.clock.advance(Duration.ofSeconds(6));
		this.http.get().uri(path).exchange().expectStatus().isNotFound();
		assertThat(UPSTREAM.hits(path)).isEqualTo(2);
	}

	@Test
	void playlistsAndCatalogPassThroughWithTheirTypes() {
		UPSTREAM.put("/v1/catalog", "[]".getBytes(StandardCharsets.UTF_8), "application/json", "max-age=10, public");
		UPSTREAM.track("pass-through", 1, 512);
		this.http.get()
			.uri("/v1/catalog")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType(MediaType.APPLICATION_JSON);
		this.http.get()
			.uri("/tracks/pass-through/a128/index.m3u8")
			.exchange()
			.expectStatus()
			.isOk()
			.expectHeader()
			.contentType("application/vnd.apple.mpegurl")
			.expectHeader()
			.valueEquals(HttpHeaders.CACHE_CONTROL, FakeUpstream.PLAYLIST_CACHING)
			.expectBody(String.class)
			.value((body) -> assertThat(body).startsWith("#EXTM3U"));
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@CsvSource({ "/tracks/unknown_/master.m3u8, 400", "/tracks/night-drive/a512/index.m3u8, 400",
			"/tracks/Night-Drive/master.m3u8, 400", "/tracks/-x/master.m3u8, 400", "/segments/abc.m4s, 400",
			"/segments/ABCDEF.m4s, 400",
			"/segments/0000000000000000000000000000000000000000000000000000000000000000.exe, 400",
			"/segments/..%2F..%2Ftracks%2Fnight-drive%2Ftrack.json, 400", "/segments/%2e%2e, 400",
			"/tracks/%2e%2e/master.m3u8, 400", "/tracks/..%2F..%2Fetc/master.m3u8, 400",
			"/tracks/night-drive/..%2F..%2Ftrack.json/index.m3u8, 400", "/segments/..;/track.json, 404",
			"/tracks/night-drive/track.json, 404", "/segments/../tracks/night-drive/track.json, 404",
			"/etc/passwd, 404", "/v1/unknown, 404", "/v1/tracks, 404", "/, 404" })
	void badInputIsAClientErrorAndNeverReachesTheUpstream(String path, int status) {
		int before = UPSTREAM.totalHits();
		// sent as written: no client-side normalisation or re-encoding
		expectProblem(this.http.get().uri(URI.create("http://localhost:" + this.port + path)).exchange(), status);
		assertThat(UPSTREAM.totalHits()).isEqualTo(before);
	}

	@Test
	void absoluteFormRequestsAreRefusedAndNoOtherHostIsContacted() throws Exception {
		try (FakeUpstream elsewhere = FakeUpstream.start()) {
			SegmentName segment = elsewhere.segment(1024, 8);
			int before = UPSTREAM.totalHits();
			for (String target : List.of(elsewhere.baseUrl() + segment.path(), "127.0.0.1:" + elsewhere.port())) {
				String method = target.startsWith("http") ? "GET" : "CONNECT";
				String response = rawRequest(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + elsewhere.port()
						+ "\r\nConnection: close\r\n\r\n");
				assertThat(response).startsWith("HTTP/1.1 400");
			}
			assertThat(elsewhere.totalHits()).isZero();
			assertThat(UPSTREAM.totalHits()).isEqualTo(before);
		}
	}

	@Test
	void oversizedHeadersAreRefusedBeforeTheUpstream() throws Exception {
		SegmentName segment = UPSTREAM.segment(1024, 9);
		String response = rawRequest("GET " + segment.path() + " HTTP/1.1\r\nHost: localhost\r\nX-Padding: "
				+ "a".repeat(20_000) + "\r\nConnection: close\r\n\r\n");
		assertThat(response).matches("(?s)HTTP/1.1 4\\d\\d .*");
		assertThat(UPSTREAM.hits(segment.path())).isZero();
	}

	@Test
	void wrongMethodIs405Problem() {
		expectProblem(this.http.post().uri("/v1/catalog").exchange(), 405);
	}

	@Test
	void outcomesBytesAndUpstreamLatencyAreInTheScrape() {
		SegmentName segment = UPSTREAM.segment(10_000, 10);
		this.http.get().uri(segment.path()).exchange().expectStatus().isOk();
		this.http.get().uri(segment.path()).exchange().expectStatus().isOk();
		String scrape = scrape();
		Function<String, Double> value = (prefix) -> scrape.lines()
			.filter((line) -> line.startsWith(prefix))
			.mapToDouble((line) -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
			.findFirst()
			.orElseThrow(() -> new AssertionError("no " + prefix + " in\n" + scrape));
		assertThat(value
			.apply("cdn_edge_requests_total{application=\"edge-cache-service\",region=\"test-east\",result=\"hit\"}"))
			.isGreaterThanOrEqualTo(1);
		assertThat(value
			.apply("cdn_edge_bytes_total{application=\"edge-cache-service\",region=\"test-east\",result=\"miss\"}"))
			.isGreaterThanOrEqualTo(10_000);
		assertThat(value.apply(
				"cdn_edge_upstream_fetch_seconds_count{application=\"edge-cache-service\",outcome=\"ok\",region=\"test-east\"}"))
			.isGreaterThanOrEqualTo(1);
		assertThat(scrape).contains("cdn_edge_upstream_fetch_seconds_bucket{")
			.contains("cdn_edge_coalesced_waiters_total")
			.contains(
					"cdn_edge_cache_evictions_total{application=\"edge-cache-service\",region=\"test-east\",tier=\"memory\"}")
			.contains(
					"cdn_edge_cache_weight_bytes{application=\"edge-cache-service\",region=\"test-east\",tier=\"memory\"}")
			.contains(
					"cdn_edge_cache_weight_bytes{application=\"edge-cache-service\",region=\"test-east\",tier=\"pinned\"}")
			.contains("cdn_edge_inflight{application=\"edge-cache-service\",region=\"test-east\"}");
	}

	@Test
	void livenessAndReadinessAreUp() {
		this.http.get().uri("/actuator/health/liveness").exchange().expectStatus().isOk();
		this.http.get().uri("/actuator/health/readiness").exchange().expectStatus().isOk();
	}

	private String scrape() {
		return ServiceAssertions.scrape(this.http);
	}

	private String rawRequest(String request) throws Exception {
		try (Socket socket = new Socket("127.0.0.1", this.port)) {
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write(request.getBytes(StandardCharsets.ISO_8859_1));
			out.flush();
			InputStream in = socket.getInputStream();
			byte[] head = in.readNBytes(12);
			return new String(head, StandardCharsets.ISO_8859_1) + " ";
		}
	}

}
