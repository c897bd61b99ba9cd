package cdn.edge.web;

import java.time.Duration;

import cdn.edge.EdgeITSupport;
import cdn.kit.test.RawHttp;
import cdn.protocol.SegmentName;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hits answered in the Netty pipeline ({@link HitFastPath}) look and count exactly like
 * hits answered by the controller, and keep the connection semantics of HTTP/1.0 and
 * HTTP/1.1.
 */
class HitFastPathIT extends EdgeITSupport {

	private static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);

	@Autowired
	MeterRegistry registry;

	@Test
	void hitCarriesTheEdgeHeadersAndIsCounted() throws Exception {
		SegmentName segment = UPSTREAM.segment(8192, 7101);
		double hitsBefore = counter("cdn.edge.requests");
		double bytesBefore = counter("cdn.edge.bytes");
		try (RawHttp connection = new RawHttp(this.port, ANSWER_WITHIN)) {
			connection.send(RawHttp.request("GET " + segment.path() + " HTTP/1.1"));
			assertThat(connection.read(false).header("x-cache")).isEqualTo("MISS");
			this.clock.advance(Duration.ofSeconds(3));
			connection.send(RawHttp.request("GET " + segment.path() + " HTTP/1.1"));
			RawHttp.Response hit = connection.read(false);
			assertThat(hit.status()).isEqualTo(200);
			assertThat(hit.headers()).containsEntry("x-cache", "HIT")
				.containsEntry("x-edge-region", "test-east")
				.containsEntry("age", "3")
				.containsEntry("etag", "\"" + segment.id().value() + "\"")
				.containsEntry("cache-control", "max-age=31536000, public, immutable")
				.containsEntry("accept-ranges", "bytes")
				.containsEntry("content-type", "audio/mp4")
				.containsEntry("content-length", "8192");
			assertThat(hit.body()).isEqualTo(UPSTREAM.body(segment.path()));
			connection.send(RawHttp.request("HEAD " + segment.path() + " HTTP/1.1"));
			RawHttp.Response head = connection.read(true);
			assertThat(head.headers()).containsEntry("x-cache", "HIT").containsEntry("content-length", "8192");
			connection.send(RawHttp.request("GET " + segment.path() + " HTTP/1.1",
					"If-None-Match: \"" + segment.id().value() + "\""));
			assertThat(connection.read(false).status()).isEqualTo(304);
		}
		assertThat(counter("cdn.edge.requests") - hitsBefore).isEqualTo(3);
		assertThat(counter("cdn.edge.bytes") - bytesBefore).isEqualTo(8192);
		assertThat(UPSTREAM.hits(segment.path())).isEqualTo(1);
	}

	/**
	 * A browser player on the router's page reads from the edge: the preflight of a range
	 * request is allowed, and the miss (controller) and the hit (fast path) both carry
	 * the CORS headers.
	 */
	@Test
	void aBrowserFromAnotherOriginMayReadMissesHitsAndRanges() throws Exception {
		SegmentName segment = UPSTREAM.segment(4096, 7301);
		String page = "Origin: http://localhost:8080";
		try (RawHttp connection = new RawHttp(this.port, ANSWER_WITHIN)) {
			connection.send(RawHttp.request("OPTIONS " + segment.path() + " HTTP/1.1", page,
					"Access-Control-Request-Method: GET", "Access-Control-Request-Headers: range"));
			RawHttp.Response preflight = connection.read(true);
			assertThat(preflight.status()).isEqualTo(200);
			assertThat(preflight.headers()).containsEntry("access-control-allow-origin", "*")
				.containsKey("access-control-allow-methods");
			assertThat(preflight.header("access-control-allow-headers")).containsIgnoringCase("range");
			for (String expected : new String[] { "MISS", "HIT" }) {
				connection.send(RawHttp.request("GET " + segment.path() + " HTTP/1.1", page));
				RawHttp.Response answer = connection.read(false);
				assertThat(answer.header("x-cache")).isEqualTo(expected);
				assertThat(answer.headers()).containsEntry("access-control-allow-origin", "*");
				assertThat(answer.header("access-control-expose-headers")).contains("Content-Range", "X-Cache",
						"Content-Length");
			}
			connection.send(RawHttp.request("GET " + segment.path() + " HTTP/1.1", page, "Range: bytes=0-99"));
			RawHttp.Response range = connection.read(false);
			assertThat(range.status()).isEqualTo(206);
			assertThat(range.headers()).containsEntry("access-control-allow-origin", "*")
				.containsEntry("content-range", "bytes 0-99/4096");
			// no Origin: no CORS headers on the fast path
			connection.send(RawHttp.request("GET " + segment.path() + " HTTP/1.1"));
			assertThat(connection.read(false).headers()).doesNotContainKey("access-control-allow-origin");
		}
	}

	@Test
	void connectionCloseAndHttp10AreHonoured() throws Exception {
		SegmentName segment = UPSTREAM.segment(4096, 7102);
		this.http.get().uri(segment.path()).exchange().expectStatus().isOk();
		try (RawHttp connection = new RawHttp(this.port, ANSWER_WITHIN)) {
			connection.send(RawHttp.request("GET " + segment.path() + " HTTP/1.1", "Connection: close"));
			RawHttp.Response response = connection.read(false);
			assertThat(response.headers()).containsEntry("x-cache", "HIT").containsEntry("connection", "close");
			assertThat(connection.closedByServer()).isTrue();
		}
		try (RawHttp connection = new RawHttp(this.port, ANSWER_WITHIN)) {
			connection.send(RawHttp.request("GET " + segment.path() + " HTTP/1.0"));
			assertThat(connection.read(false).body()).isEqualTo(UPSTREAM.body(segment.path()));
			assertThat(connection.closedByServer()).isTrue();
		}
		try (RawHttp connection = new RawHttp(this.port, ANSWER_WITHIN)) {
			for (int i = 0; i < 3; i++) {
				connection.send(RawHttp.request("GET " + segment.path() + " HTTP/1.0", "Connection: keep-alive"));
				RawHttp.Response response = connection.read(false);
				assertThat(response.headers()).containsEntry("x-cache", "HIT")
					.containsEntry("connection", "keep-alive");
			}
		}
	}

	private double counter(String name) {
		return this.registry.counter(name, "region", "test-east", "result", "hit").count();
	}

}
