package cdn.signaling.web;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import cdn.signaling.SignalClient;
import cdn.signaling.swarm.SwarmDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The signaling WebSocket over real connections: relays within a swarm, every refusal
 * with its reason, limits that stop one peer without touching the others.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "signaling.max-frame-size=1KB", "signaling.messages-per-second=20", "signaling.message-burst=40",
				"signaling.max-swarms-per-connection=2", "signaling.max-members-per-swarm=3",
				"signaling.idle-timeout=2s" })
class SignalingIT {

	private static final String SWARM = "concert-pitch/a128";

	@LocalServerPort
	int port;

	@Autowired
	MeterRegistry registry;

	@Autowired
	SwarmDirectory directory;

	private final List<SignalClient> clients = new ArrayList<>();

	@AfterEach
	void disconnect() {
		this.clients.forEach(SignalClient::close);
	}

	@Test
	void membersOfOneSwarmRelayOffersAnswersAndCandidatesWithTheSenderNamed() throws Exception {
		SignalClient alice = joined("alice", SWARM);
		SignalClient bob = joined("bob", SWARM);
		double offersBefore = relayed("offer");

		alice.send("{\"type\":\"offer\",\"swarm\":\"" + SWARM + "\",\"to\":\"bob\",\"data\":{\"sdp\":\"v=0 offer\"}}");
		JsonNode offer = bob.next();
		bob.send(
				"{\"type\":\"answer\",\"swarm\":\"" + SWARM + "\",\"to\":\"alice\",\"data\":{\"sdp\":\"v=0 answer\"}}");
		bob.send("{\"type\":\"candidate\",\"swarm\":\"" + SWARM
				+ "\",\"to\":\"alice\",\"data\":{\"candidate\":\"c1\"}}");

		assertThat(offer.get("type").asString()).isEqualTo("offer");
		assertThat(offer.get("from").asString()).isEqualTo("alice");
		assertThat(offer.get("swarm").asString()).isEqualTo(SWARM);
		assertThat(offer.has("to")).isFalse();
		assertThat(offer.get("data").get("sdp").asString()).isEqualTo("v=0 offer");
		JsonNode answer = alice.next();
		assertThat(answer.get("type").asString()).isEqualTo("answer");
		assertThat(answer.get("from").asString()).isEqualTo("bob");
		JsonNode candidate = alice.next();
		assertThat(candidate.get("data").get("candidate").asString()).isEqualTo("c1");
		assertThat(relayed("offer") - offersBefore).isEqualTo(1);
	}

	@Test
	void relaysOutsideTheSendersSwarmsAreRefusedWithTheirReason() throws Exception {
		SignalClient carol = joined("carol", SWARM);
		SignalClient dave = joined("dave", "concert-pitch/a64");

		carol.send(SignalClient.offer(SWARM, "dave"));
		JsonNode foreign = carol.next();
		SignalClient.assertError(foreign, "foreign-target");
		// a relay's refusal names its target: the sender knows which connection failed
		assertThat(foreign.path("to").asString()).isEqualTo("dave");
		carol.send(SignalClient.offer(SWARM, "nobody"));
		JsonNode unknown = carol.next();
		SignalClient.assertError(unknown, "unknown-target");
		assertThat(unknown.path("to").asString()).isEqualTo("nobody");
		carol.send(SignalClient.offer("concert-pitch/a64", "dave"));
		SignalClient.assertError(carol.next(), "not-joined");
		carol.send("{\"type\":\"leave\",\"swarm\":\"concert-pitch/a64\"}");
		SignalClient.assertError(carol.next(), "not-joined");

		assertThat(dave.nextWithin(Duration.ofMillis(300))).as("dave got nothing").isNull();
		assertThat(rejections("foreign-target")).isPositive();
	}

	@Test
	void aBadFrameGetsAnErrorFrameAndTheConnectionGoesOn() throws Exception {
		SignalClient erin = client();

		erin.send("this is not json");
		SignalClient.assertError(erin.next(), "bad-frame");
		erin.send("[1,2,3]");
		SignalClient.assertError(erin.next(), "bad-frame");
		erin.send("{\"type\":\"dance\"}");
		SignalClient.assertError(erin.next(), "unknown-type");
		erin.send("{\"type\":\"join\",\"swarm\":\"../etc/a128\",\"peerId\":\"erin\"}");
		SignalClient.assertError(erin.next(), "bad-swarm");
		erin.send("{\"type\":\"join\",\"swarm\":\"concert-pitch/a999\",\"peerId\":\"erin\"}");
		SignalClient.assertError(erin.next(), "bad-swarm");
		erin.send("{\"type\":\"join\",\"swarm\":\"" + SWARM + "\",\"peerId\":\"erin/../x\"}");
		SignalClient.assertError(erin.next(), "bad-peer-id");
		erin.send(
				"{\"type\":\"offer\",\"swarm\":\"" + SWARM + "\",\"to\":\"x\",\"data\":\"" + "a".repeat(2000) + "\"}");
		SignalClient.assertError(erin.next(), "frame-too-large");

		erin.send("{\"type\":\"ping\"}");
		assertThat(erin.next().get("type").asString()).isEqualTo("pong");
		erin.send("{\"type\":\"join\",\"swarm\":\"" + SWARM + "\",\"peerId\":\"erin\"}");
		assertThat(erin.next().get("type").asString()).isEqualTo("joined");
	}

	@Test
	void aFloodIsRateLimitedWithoutDelayingTheOtherMembers() throws Exception {
		SignalClient flooder = joined("flooder", "rising-arpeggio/a128");
		SignalClient frank = joined("frank", "rising-arpeggio/a128");
		SignalClient grace = joined("grace", "rising-arpeggio/a128");

		for (int i = 0; i < 300; i++) {
			flooder.send("{\"type\":\"ping\"}");
		}
		frank.send(SignalClient.offer("rising-arpeggio/a128", "grace"));

		assertThat(grace.next().get("from").asString()).isEqualTo("frank");
		int pongs = 0;
		int limited = 0;
		for (JsonNode frame = flooder.next(); frame != null; frame = flooder.nextWithin(Duration.ofMillis(500))) {
			pongs += frame.get("type").asString().equals("pong") ? 1 : 0;
			limited += frame.path("reason").asString("").equals("rate-limited") ? 1 : 0;
		}
		// the burst of 40 less the join (and what refilled meanwhile) answered, the rest
		// refused with one error frame per second at most
		assertThat(pongs).isBetween(39, 100);
		assertThat(limited).isBetween(1, 3);
		assertThat(rejections("rate-limited")).isGreaterThanOrEqualTo(200);
	}

	@Test
	void swarmsPerConnectionMembersPerSwarmAndPeerIdsAreBounded() throws Exception {
		SignalClient henry = joined("henry", "binaural-drift/a64");
		henry.send(SignalClient.join("binaural-drift/a128", "henry"));
		assertThat(henry.next().get("type").asString()).isEqualTo("joined");
		henry.send(SignalClient.join("binaural-drift/a256", "henry"));
		SignalClient.assertError(henry.next(), "too-many-swarms");
		henry.send(SignalClient.join("binaural-drift/a64", "henri"));
		SignalClient.assertError(henry.next(), "peer-id-mismatch");

		SignalClient impostor = client();
		impostor.send(SignalClient.join("binaural-drift/a64", "henry"));
		SignalClient.assertError(impostor.next(), "peer-id-taken");

		joined("ivy", "binaural-drift/a64");
		joined("jack", "binaural-drift/a64");
		SignalClient kim = client();
		kim.send(SignalClient.join("binaural-drift/a64", "kim"));
		SignalClient.assertError(kim.next(), "swarm-full");
		// henry is still a member and reachable
		SignalClient ivy = this.clients.get(this.clients.size() - 3);
		ivy.send(SignalClient.offer("binaural-drift/a64", "henry"));
		assertThat(henry.next().get("from").asString()).isEqualTo("ivy");
	}

	@Test
	void aPeerThatLeftOrDisconnectedIsNoLongerReached() throws Exception {
		SignalClient liam = joined("liam", "pink-noise-rain/a128");
		SignalClient mia = joined("mia", "pink-noise-rain/a128");

		mia.send("{\"type\":\"leave\",\"swarm\":\"pink-noise-rain/a128\"}");
		assertThat(mia.next().get("type").asString()).isEqualTo("left");
		liam.send(SignalClient.offer("pink-noise-rain/a128", "mia"));
		SignalClient.assertError(liam.next(), "foreign-target");

		mia.close();
		// once the service saw the connection end (mia is no member: the probe goes
		// nowhere)
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.directory.deliver("pink-noise-rain/a128", "mia", "probe")
				.block() == SwarmDirectory.Delivery.UNKNOWN);
		liam.send(SignalClient.offer("pink-noise-rain/a128", "mia"));
		SignalClient.assertError(liam.next(), "unknown-target");
	}

	@Test
	void aSilentConnectionIsClosedAsIdle() throws Exception {
		SignalClient quiet = joined("quiet", "c-major-chord/a128");

		assertThat(quiet.closeCode(Duration.ofSeconds(10))).isEqualTo(1001);
	}

	private SignalClient client() {
		SignalClient client = new SignalClient("ws://127.0.0.1:" + this.port + "/v1/signal");
		this.clients.add(client);
		return client;
	}

	private SignalClient joined(String peerId, String swarm) throws Exception {
		SignalClient client = client();
		client.send(SignalClient.join(swarm, peerId));
		JsonNode joined = client.next();
		assertThat(joined.get("type").asString()).as(joined.toString()).isEqualTo("joined");
		assertThat(joined.get("swarm").asString()).isEqualTo(swarm);
		return client;
	}

	private double relayed(String type) {
		return this.registry.get("cdn.signaling.relayed").tag("type", type).counter().count();
	}

	private double rejections(String reason) {
		return this.registry.get("cdn.signaling.rejections").tag("reason", reason).counter().count();
	}

}
