package cdn.signaling.swarm;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import cdn.signaling.SignalClient;
import cdn.signaling.SignalingApplication;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.embedded.RedisServer;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two signaling replicas sharing a real Redis ({@code signaling.store=redis}): members on
 * different replicas signal each other, and peer ids, swarm sizes and swarm boundaries
 * hold across them.
 */
class RedisReplicasIT {

	private static final String SWARM = "concert-pitch/a128";

	private static RedisServer redis;

	private static ConfigurableApplicationContext first;

	private static ConfigurableApplicationContext second;

	private final List<SignalClient> clients = new ArrayList<>();

	@BeforeAll
	static void start() throws IOException {
		int port;
		try (ServerSocket socket = new ServerSocket(0)) {
			port = socket.getLocalPort();
		}
		redis = RedisServer.builder()
			.port(port)
			.setting("bind 127.0.0.1")
			.setting("save \"\"")
			.setting("appendonly no")
			.build();
		redis.start();
		first = replica(port);
		second = replica(port);
	}

	private static ConfigurableApplicationContext replica(int redisPort) {
		return new SpringApplicationBuilder(SignalingApplication.class).run("--server.port=0",
				"--signaling.store=redis", "--signaling.redis.url=redis://127.0.0.1:" + redisPort,
				"--signaling.max-members-per-swarm=3");
	}

	@AfterAll
	static void stop() throws IOException {
		for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] { first, second }) {
			if (context != null) {
				context.close();
			}
		}
		if (redis != null) {
			redis.stop();
		}
	}

	@AfterEach
	void disconnect() {
		this.clients.forEach(SignalClient::close);
	}

	@Test
	void membersOnTwoReplicasSignalEachOther() throws Exception {
		SignalClient alice = joined(first, "alice", SWARM);
		SignalClient bob = joined(second, "bob", SWARM);

		alice.send(SignalClient.offer(SWARM, "bob"));
		JsonNode offer = bob.next();
		bob.send("{\"type\":\"answer\",\"swarm\":\"" + SWARM + "\",\"to\":\"alice\",\"data\":{\"sdp\":\"b\"}}");

		assertThat(offer.get("from").asString()).isEqualTo("alice");
		assertThat(offer.get("data").get("sdp").asString()).isEqualTo("v=0");
		JsonNode answer = alice.next();
		assertThat(answer.get("type").asString()).isEqualTo("answer");
		assertThat(answer.get("from").asString()).isEqualTo("bob");
	}

	@Test
	void swarmBoundariesPeerIdsAndSwarmSizesHoldAcrossReplicas() throws Exception {
		SignalClient carol = joined(first, "carol", "binaural-drift/a128");
		joined(second, "dave", "binaural-drift/a64");

		carol.send(SignalClient.offer("binaural-drift/a128", "dave"));
		SignalClient.assertError(carol.next(), "foreign-target");
		carol.send(SignalClient.offer("binaural-drift/a128", "nobody"));
		SignalClient.assertError(carol.next(), "unknown-target");

		SignalClient impostor = client(second);
		impostor.send(SignalClient.join("binaural-drift/a128", "carol"));
		SignalClient.assertError(impostor.next(), "peer-id-taken");

		joined(second, "erin", "binaural-drift/a128");
		joined(first, "frank", "binaural-drift/a128");
		SignalClient late = client(second);
		late.send(SignalClient.join("binaural-drift/a128", "gina"));
		SignalClient.assertError(late.next(), "swarm-full");
	}

	@Test
	void aMemberThatDisconnectedFromItsReplicaIsNoLongerReached() throws Exception {
		SignalClient hugo = joined(first, "hugo", "pink-noise-rain/a128");
		SignalClient iris = joined(second, "iris", "pink-noise-rain/a128");

		iris.close();
		// once its replica withdrew it from Redis (the probe reaches nobody)
		SwarmDirectory directory = first.getBean(SwarmDirectory.class);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> directory.deliver("pink-noise-rain/a128", "iris", "probe")
				.block() == SwarmDirectory.Delivery.UNKNOWN);
		hugo.send(SignalClient.offer("pink-noise-rain/a128", "iris"));

		SignalClient.assertError(hugo.next(), "unknown-target");
		// its id is free again, on either replica
		joined(first, "iris", "pink-noise-rain/a128");
	}

	private SignalClient client(ConfigurableApplicationContext replica) {
		int port = ((WebServerApplicationContext) replica).getWebServer().getPort();
		SignalClient client = new SignalClient("ws://127.0.0.1:" + port + "/v1/signal");
		this.clients.add(client);
		return client;
	}

	private SignalClient joined(ConfigurableApplicationContext replica, String peerId, String swarm) throws Exception {
		SignalClient client = client(replica);
		client.send(SignalClient.join(swarm, peerId));
		JsonNode joined = client.next();
		assertThat(joined.get("type").asString()).as(joined.toString()).isEqualTo("joined");
		return client;
	}

}
