package cdn.tracker.web;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import cdn.protocol.tracker.SwarmView;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cdn.kit.test.ServiceAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every kind of bad input gets a 4xx problem+json with one short reason, and none of them
 * changes what the tracker stores.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "management.defaults.metrics.export.enabled=true", "tracker.announce.rate-limit=3",
				"tracker.reports.threshold=2", "tracker.announce.sweep-interval=100ms" })
@AutoConfigureWebTestClient
class BadInputIT {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final String SEG = "a".repeat(64);

	@Autowired
	WebTestClient client;

	static String announce(Object... overrides) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("peerId", "partial-peer");
		body.put("trackId", "partial-track");
		body.put("rendition", "a128");
		body.put("region", "eu-west");
		body.put("endpoint", "http://127.0.0.1:7001/p");
		body.put("have", List.of(SEG));
		body.put("uploadKbps", 1000);
		body.put("event", "started");
		for (int i = 0; i < overrides.length; i += 2) {
			if (overrides[i + 1] == null) {
				body.remove((String) overrides[i]);
			}
			else {
				body.put((String) overrides[i], overrides[i + 1]);
			}
		}
		return JSON.writeValueAsString(body);
	}

	static Arguments post(String path, String body, int status, String detail) {
		return Arguments.of(HttpMethod.POST, path, MediaType.APPLICATION_JSON, body, status, detail);
	}

	static Arguments announceCase(String detail, Object... overrides) {
		return post("/v1/announce", announce(overrides), 400, detail);
	}

	static Arguments get(String path, int status, String detail) {
		return Arguments.of(HttpMethod.GET, path, null, null, status, detail);
	}

	static Stream<Arguments> badInputs() {
		List<String> tooMany = new ArrayList<>(Collections.nCopies(513, SEG));
		List<String> lookupTooMany = new ArrayList<>(Collections.nCopies(33, SEG));
		return Stream.of(
				// announce: ids and formats
				post("/v1/announce", "{}", 400, "peerId is required"),
				announceCase("peer id must match", "peerId", "bad id"),
				announceCase("peer id must match", "peerId", "x".repeat(65)),
				announceCase("event is required", "event", null),
				announceCase("event must be one of", "event", "start"),
				announceCase("trackId is required", "trackId", null),
				announceCase("track id must match", "trackId", "Night"),
				announceCase("rendition must be one of", "rendition", "a999"),
				announceCase("region must match", "region", "EU-WEST"),
				announceCase("endpoint is required", "endpoint", null),
				announceCase("endpoint must be an absolute http(s) or ws(s) URL", "endpoint", "ftp://127.0.0.1/p"),
				announceCase("endpoint must be an absolute http(s) or ws(s) URL", "endpoint", "/relative/p"),
				announceCase("endpoint must be an absolute http(s) or ws(s) URL", "endpoint", "http://exa mple/p"),
				announceCase("endpoint must name a valid host", "endpoint", "http:///p"),
				announceCase("endpoint port must be between 1 and 65535", "endpoint", "http://127.0.0.1:0/p"),
				announceCase("endpoint port must be between 1 and 65535", "endpoint", "http://127.0.0.1:70000/p"),
				announceCase("endpoint must not carry user info", "endpoint", "http://u:pw@127.0.0.1:7001/p"),
				announceCase("endpoint must not have a query or fragment", "endpoint", "http://127.0.0.1:7001/p?x=1"),
				announceCase("endpoint is longer than 256 characters", "endpoint",
						"http://127.0.0.1:7001/" + "p".repeat(250)),
				announceCase("endpointPin must be sha256/ and the Base64 SHA-256", "endpointPin", "sha256/short="),
				announceCase("endpointPin must be sha256/ and the Base64 SHA-256", "endpoint",
						"https://127.0.0.1:7001/p", "endpointPin", "sha1/" + "A".repeat(43) + "="),
				announceCase("endpointPin is only for an https endpoint", "endpointPin",
						"sha256/" + "A".repeat(43) + "="),
				// announce: holdings
				announceCase("have: segment id must be 64 lowercase hex", "have", List.of("ABC")),
				announceCase("have: segment id must be 64 lowercase hex", "have", List.of(SEG.toUpperCase())),
				announceCase("have holds more than 512 segment ids", "have", tooMany),
				announceCase("send either have or added/removed, not both", "event", "update", "added", List.of(SEG)),
				announceCase("started carries the full have list", "have", null, "added", List.of(SEG)),
				announceCase("a segment id is in both added and removed", "event", "update", "have", null, "added",
						List.of(SEG), "removed", List.of(SEG)),
				announceCase("uploadKbps must be between 0 and", "uploadKbps", -1),
				announceCase("uploadedBytes must be between 0 and", "uploadedBytes", Long.MAX_VALUE),
				// announce: JSON shape
				post("/v1/announce", announce("uploadKbps", "fast"), 400, null),
				post("/v1/announce", announce("uploadKbps", 1.5), 400, null),
				post("/v1/announce", announce("have", "abc"), 400, null),
				post("/v1/announce", announce("peerId", 123), 400, null),
				post("/v1/announce", announce("peerId", List.of("a")), 400, null),
				post("/v1/announce", announce("surprise", true), 400, null),
				post("/v1/announce", "{\"peerId\":", 400, null), post("/v1/announce", "[]", 400, null),
				post("/v1/announce", announce() + " {}", 400, null), post("/v1/announce", "", 400, null),
				post("/v1/announce", announce("have", List.of("x".repeat(70_000))), 413, "size limit"),
				Arguments.of(HttpMethod.POST, "/v1/announce", MediaType.TEXT_PLAIN, announce(), 415, null),
				// single lookup
				get("/v1/peers?region=eu-west", 400, "segment is required"),
				get("/v1/peers?segment=abc&region=eu-west", 400, "segment id must be 64 lowercase hex"),
				get("/v1/peers?segment=" + SEG, 400, "region is required"),
				get("/v1/peers?segment=" + SEG + "&region=Europe", 400, "region must match"),
				get("/v1/peers?segment=" + SEG + "&region=eu-west&count=five", 400, "count must be an integer"),
				get("/v1/peers?segment=" + SEG + "&region=eu-west&exclude=a.b", 400, "peer id must match"),
				// batched lookup
				post("/v1/peers/lookup", "{\"region\":\"eu-west\"}", 400, "segments is required"),
				post("/v1/peers/lookup", "{\"segments\":[],\"region\":\"eu-west\"}", 400, "segments must not be empty"),
				post("/v1/peers/lookup",
						JSON.writeValueAsString(Map.of("segments", lookupTooMany, "region", "eu-west")), 400,
						"segments holds more than 32 ids"),
				post("/v1/peers/lookup", "{\"segments\":[\"" + SEG + "\"],\"region\":\"eu-west\",\"count\":\"x\"}", 400,
						null),
				post("/v1/peers/lookup", "{\"segments\":[\"" + SEG + "\"]}", 400, "region is required"),
				post("/v1/peers/lookup", "{\"segments\":[\"" + SEG + "\"],\"region\":\"eu-west\",\"claim\":[]}", 400,
						"exclude (the requester's peer id) is required with claim"),
				post("/v1/peers/lookup",
						"{\"segments\":[\"" + SEG + "\"],\"region\":\"eu-west\",\"exclude\":\"me\",\"claim\":[\""
								+ "f".repeat(64) + "\"]}",
						400, "claim names a segment that segments does not"),
				post("/v1/peers/lookup",
						"{\"segments\":[\"" + SEG + "\"],\"region\":\"eu-west\",\"exclude\":\"me\",\"claim\":[\"" + SEG
								+ "\",\"" + SEG + "\"]}",
						400, "claim names more ids than segments"),
				post("/v1/peers/lookup",
						"{\"segments\":[\"" + SEG + "\"],\"region\":\"eu-west\",\"exclude\":\"me\",\"claim\":[\"x\"]}",
						400, "segment id must be 64 lowercase hex"),
				post("/v1/peers/lookup",
						"{\"segments\":[\"" + SEG
								+ "\"],\"region\":\"eu-west\",\"exclude\":\"me\",\"claim\":[],\"claimMax\":\"two\"}",
						400, null),
				// reports, delete, swarm
				post("/v1/peers/someone/reports", "{\"reason\":\"timeout\"}", 400, "reporter is required"),
				post("/v1/peers/someone/reports", "{\"reporter\":\"other\",\"reason\":\"meh\"}", 400,
						"reason must be one of"),
				post("/v1/peers/someone/reports", "{\"reporter\":\"someone\",\"reason\":\"timeout\"}", 400,
						"cannot report itself"),
				Arguments.of(HttpMethod.DELETE, "/v1/peers/a.b", null, null, 400, "peer id must match"),
				get("/v1/swarms/Not-A-Track", 400, "track id must match"), get("/v1/nothing-here", 404, null),
				get("/v1/announce", 405, null));
	}

	@ParameterizedTest(name = "{0} {1} -> {4} {5}")
	@MethodSource("badInputs")
	void badInputIsRejectedWithAProblem(HttpMethod method, String path, MediaType type, String body, int status,
			String detail) {
		WebTestClient.RequestBodySpec request = this.client.method(method).uri(path);
		if (type != null) {
			request.contentType(type);
		}
		WebTestClient.ResponseSpec response = (body != null) ? request.bodyValue(body).exchange() : request.exchange();
		WebTestClient.BodyContentSpec problem = expectProblem(response, status);
		if (detail != null) {
			problem.jsonPath("$.detail").value(String.class, (text) -> assertThat(text).contains(detail));
		}
	}

	@AfterEach
	void nothingWasStored() {
		SwarmView swarm = this.client.get()
			.uri("/v1/swarms/partial-track")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(SwarmView.class)
			.returnResult()
			.getResponseBody();
		assertThat(swarm.peers()).isZero();
	}

}
