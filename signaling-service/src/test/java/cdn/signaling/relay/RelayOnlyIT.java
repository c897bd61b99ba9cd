package cdn.signaling.relay;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import cdn.kit.security.ListenerClaims;
import cdn.kit.security.ListenerTokenIssuer;
import cdn.kit.test.TestTokenKeys;
import cdn.signaling.SignalClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cdn.kit.test.ServiceAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Relay-only tenants and tracks over real connections, with listener tokens (the tenant
 * is the token's): {@code /v1/ice-servers} answers {@code iceTransportPolicy: relay} and
 * no STUN to a relay-only tenant or track, {@code all} to others; in a relay-only swarm
 * the candidates that are not relays are not relayed (counted) and descriptions lose
 * their other addresses, while the same frames pass as they are elsewhere.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "signaling.ice.turn-secret=s3cret-shared-with-coturn",
				"signaling.ice.stun-urls=stun:127.0.0.1:3478", "signaling.relay-only[0].tenant=gdpr",
				"signaling.relay-only[1].track=private-*" })
@AutoConfigureWebTestClient
class RelayOnlyIT {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final Path KEYS = TestTokenKeys.newDirectory();

	static final ListenerTokenIssuer ROUTER = new ListenerTokenIssuer(TestTokenKeys.signing(KEYS), Clock.systemUTC());

	static final String HOST = "candidate:1 1 udp 2122260223 192.168.1.20 53211 typ host generation 0";

	static final String SRFLX = "candidate:3 1 udp 1686052607 203.0.113.7 53211 typ srflx raddr 192.168.1.20 rport 53211";

	static final String RELAY = "candidate:5 1 udp 41885439 198.51.100.9 49170 typ relay raddr 203.0.113.7 rport 53211";

	static final String SDP = String.join("\r\n", "v=0", "o=- 1 2 IN IP4 127.0.0.1", "s=-", "t=0 0",
			"m=application 53211 UDP/DTLS/SCTP webrtc-datachannel", "c=IN IP4 203.0.113.7", "a=" + HOST, "a=" + SRFLX,
			"a=" + RELAY, "a=mid:0", "");

	@DynamicPropertySource
	static void tokens(DynamicPropertyRegistry registry) {
		registry.add("signaling.tokens.keys-dir", KEYS::toString);
	}

	@LocalServerPort
	int port;

	@Autowired
	WebTestClient http;

	@Autowired
	MeterRegistry registry;

	private final List<SignalClient> clients = new ArrayList<>();

	@AfterEach
	void disconnect() {
		this.clients.forEach(SignalClient::close);
	}

	static String token(String peerId, String tenant) {
		return ROUTER.issue(ListenerClaims.forAllServices(peerId, "eu-west", tenant));
	}

	JsonNode iceServers(String peerId, String tenant, String track) {
		byte[] body = this.http.get()
			.uri("/v1/ice-servers?peerId=" + peerId + ((track != null) ? "&track=" + track : ""))
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token(peerId, tenant))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult()
			.getResponseBody();
		return JSON.readTree(body);
	}

	static List<String> urls(JsonNode answer) {
		List<String> urls = new ArrayList<>();
		answer.get("iceServers").forEach((server) -> server.get("urls").forEach((url) -> urls.add(url.asString())));
		return urls;
	}

	@Test
	void aRelayOnlyTenantOrTrackIsToldToUseTurnRelaysOnly() {
		JsonNode gdpr = iceServers("g-1", "gdpr", null);
		assertThat(gdpr.get("iceTransportPolicy").asString()).isEqualTo("relay");
		assertThat(urls(gdpr)).as("TURN only, no STUN").allMatch((url) -> url.startsWith("turn:")).isNotEmpty();
		assertThat(gdpr.get("iceServers").get(0).get("username").asString()).endsWith(":g-1");
		assertThat(iceServers("g-1", "gdpr", "concert-pitch").get("iceTransportPolicy").asString()).isEqualTo("relay");

		assertThat(iceServers("a-1", "acme", "private-gig").get("iceTransportPolicy").asString()).isEqualTo("relay");
		JsonNode open = iceServers("a-1", "acme", "concert-pitch");
		assertThat(open.get("iceTransportPolicy").asString()).isEqualTo("all");
		assertThat(urls(open)).contains("stun:127.0.0.1:3478", "turn:127.0.0.1:3478?transport=udp");
		assertThat(iceServers("a-1", "acme", null).get("iceTransportPolicy").asString())
			.as("without a track, only the tenant's rules")
			.isEqualTo("all");
		expectProblem(this.http.get()
			.uri("/v1/ice-servers?peerId=a-1&track=Not%20A%20Track")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token("a-1", "acme"))
			.exchange(), 400);
	}

	@Test
	void inARelayOnlyTracksSwarmOnlyRelayCandidatesAndAddressesGo() throws Exception {
		String swarm = "private-gig/a128";
		SignalClient alice = joined("alice", "acme", swarm);
		SignalClient bob = joined("bob", "acme", swarm);
		double before = dropped();

		// one candidate at a time, as a page sends them: the host one never arrives
		alice.send(candidate(swarm, "bob", single(HOST)));
		alice.send(candidate(swarm, "bob", single(RELAY)));
		JsonNode relay = bob.next();
		assertThat(relay.get("from").asString()).isEqualTo("alice");
		assertThat(relay.get("data").get("candidate").get("candidate").asString())
			.isEqualTo(RELAY.replace("raddr 203.0.113.7 rport 53211", "raddr 0.0.0.0 rport 0"));

		// a batch, as a Java listener sends them: the relay alone
		alice.send(candidate(swarm, "bob", batch(HOST, SRFLX, RELAY)));
		JsonNode batch = bob.next();
		assertThat(batch.get("data").get("candidates")).hasSize(1);
		assertThat(batch.get("data").get("candidates").get(0).get("candidate").asString()).contains("typ relay");

		// an offer with the addresses gathered before it went: stripped
		alice.send(description(swarm, "offer", "bob", SDP));
		JsonNode offer = bob.next();
		String sdp = offer.get("data").get("sdp").asString();
		assertThat(sdp).contains("typ relay", "c=IN IP4 0.0.0.0", "a=mid:0")
			.doesNotContain("typ host", "typ srflx", "192.168.1.20", "203.0.113.7");
		assertThat(offer.get("data").get("cid").asString()).isEqualTo("c-1");

		assertThat(dropped() - before).as("1 single, 2 of the batch, 2 lines of the offer").isEqualTo(5);
		assertThat(bob.nextWithin(Duration.ofMillis(200))).as("nothing else reached bob").isNull();
	}

	@Test
	void theTenantComesFromTheTokenAndOtherSwarmsPassAsTheyAre() throws Exception {
		String swarm = "concert-pitch/a128";
		SignalClient gina = joined("gina", "gdpr", swarm);
		SignalClient carl = joined("carl", "acme", swarm);
		SignalClient dora = joined("dora", "acme", swarm);
		double before = dropped();

		// a gdpr listener's host candidate goes nowhere, wherever it plays
		gina.send(candidate(swarm, "carl", single(HOST)));
		assertThat(carl.nextWithin(Duration.ofMillis(300))).isNull();
		assertThat(dropped() - before).isEqualTo(1);

		// an acme listener's, in an open track, goes as it is
		carl.send(candidate(swarm, "dora", single(HOST)));
		carl.send(candidate(swarm, "dora", batch(HOST, SRFLX)));
		carl.send(description(swarm, "offer", "dora", SDP));
		assertThat(dora.next().get("data").get("candidate").get("candidate").asString()).isEqualTo(HOST);
		assertThat(dora.next().get("data").get("candidates")).hasSize(2);
		assertThat(dora.next().get("data").get("sdp").asString()).isEqualTo(SDP);
		assertThat(dropped() - before).isEqualTo(1);
		assertThat(gina.nextWithin(Duration.ofMillis(100))).isNull();
	}

	double dropped() {
		return this.registry.get("cdn.signaling.candidates.dropped").tag("reason", "relay-only").counter().count();
	}

	SignalClient joined(String peerId, String tenant, String swarm) throws InterruptedException {
		SignalClient client = new SignalClient("ws://127.0.0.1:" + this.port + "/v1/signal");
		this.clients.add(client);
		ObjectNode join = JSON.createObjectNode()
			.put("type", "join")
			.put("swarm", swarm)
			.put("peerId", peerId)
			.put("token", token(peerId, tenant));
		JsonNode joined = client.send(join.toString()).next();
		assertThat(joined.get("type").asString()).as(joined.toString()).isEqualTo("joined");
		return client;
	}

	static ObjectNode entry(String candidate) {
		return JSON.createObjectNode().put("candidate", candidate).put("sdpMid", "0").put("sdpMLineIndex", 0);
	}

	static ObjectNode single(String candidate) {
		ObjectNode data = JSON.createObjectNode().put("cid", "c-1");
		data.set("candidate", entry(candidate));
		return data;
	}

	static ObjectNode batch(String... candidates) {
		ObjectNode data = JSON.createObjectNode().put("cid", "c-1");
		for (String candidate : candidates) {
			data.withArray("candidates").add(entry(candidate));
		}
		return data;
	}

	static String candidate(String swarm, String to, ObjectNode data) {
		ObjectNode frame = JSON.createObjectNode().put("type", "candidate").put("swarm", swarm).put("to", to);
		frame.set("data", data);
		return frame.toString();
	}

	static String description(String swarm, String type, String to, String sdp) {
		ObjectNode frame = JSON.createObjectNode().put("type", type).put("swarm", swarm).put("to", to);
		frame.set("data", JSON.createObjectNode().put("cid", "c-1").put("sdp", sdp));
		return frame.toString();
	}

}
