package cdn.signaling.tokens;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import cdn.kit.security.ListenerClaims;
import cdn.kit.security.ListenerTokenIssuer;
import cdn.kit.test.TestTokenKeys;
import cdn.signaling.SignalClient;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

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
 * Signaling with {@code signaling.tokens.keys-dir}: a connection's first join must carry
 * the listener token of the peer it joins as (audience {@code signaling}), and TURN
 * credentials go only to the peer a token names. A refused join is an error frame with
 * reason {@code unauthorized}; the connection may join again with a good token.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = "signaling.ice.turn-secret=s3cret-shared-with-coturn")
@AutoConfigureWebTestClient
class SignalingTokensIT {

	private static final String SWARM = "concert-pitch/a128";

	static final Path KEYS = TestTokenKeys.newDirectory();

	static final ListenerTokenIssuer ROUTER = new ListenerTokenIssuer(TestTokenKeys.signing(KEYS), Clock.systemUTC());

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

	static String token(String peerId) {
		return ROUTER.issue(ListenerClaims.forAllServices(peerId, "eu-west", "default"));
	}

	static String join(String peerId, String token) {
		String join = SignalClient.join(SWARM, peerId);
		return (token == null) ? join : join.replace("}", ",\"token\":\"" + token + "\"}");
	}

	SignalClient client() {
		SignalClient client = new SignalClient("ws://127.0.0.1:" + this.port + "/v1/signal");
		this.clients.add(client);
		return client;
	}

	@Test
	void aJoinWithoutTheJoinersTokenIsRefusedAndTheSameConnectionJoinsWithIt() throws Exception {
		double before = this.registry.get("cdn.signaling.rejections").tag("reason", "unauthorized").counter().count();
		SignalClient alice = client();
		String forTracker = ROUTER
			.issue(new ListenerClaims("alice", "eu-west", "default", Set.of(ListenerClaims.TRACKER)));

		for (String refused : List.of(join("alice", null), join("alice", token("bob")), join("alice", forTracker),
				join("alice", "not-a-token"))) {
			JsonNode answer = alice.send(refused).next();
			SignalClient.assertError(answer, "unauthorized");
		}
		JsonNode joined = alice.send(join("alice", token("alice"))).next();

		assertThat(joined.get("type").asString()).as(joined.toString()).isEqualTo("joined");
		assertThat(this.registry.get("cdn.signaling.rejections").tag("reason", "unauthorized").counter().count())
			.isEqualTo(before + 4);
	}

	@Test
	void turnCredentialsGoOnlyToThePeerATokenNames() {
		expectProblem(this.http.get().uri("/v1/ice-servers?peerId=carol").exchange(), 401);
		expectProblem(this.http.get()
			.uri("/v1/ice-servers?peerId=carol")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token("dave"))
			.exchange(), 403);
		this.http.get()
			.uri("/v1/ice-servers?peerId=carol")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token("carol"))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.iceServers[1].username")
			.value(String.class, (username) -> assertThat(username).endsWith(":carol"));
	}

}
