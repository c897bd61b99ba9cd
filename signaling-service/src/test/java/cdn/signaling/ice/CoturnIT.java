package cdn.signaling.ice;

import java.io.IOException;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The credentials of {@code /v1/ice-servers} against a real coturn ({@code turnserver}
 * with {@code use-auth-secret}, on loopback): its own client ({@code turnutils_uclient})
 * allocates a relay and echoes data through it with them, and is refused with a tampered
 * password or expired credentials. Needs the Debian package {@code coturn} (.ci/run
 * installs it): without it the class fails with that one line.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "signaling.ice.turn-secret=" + CoturnIT.SECRET })
@AutoConfigureWebTestClient
class CoturnIT {

	static final String SECRET = "coturn-it-secret";

	private static Process turnserver;

	private static int port;

	@Autowired
	WebTestClient http;

	@BeforeAll
	static void startCoturn() throws Exception {
		for (String program : List.of("turnserver", "turnutils_uclient", "turnutils_stunclient")) {
			if (!onPath(program)) {
				throw new IllegalStateException(
						program + " is not installed: apt-get install coturn (Debian/Ubuntu) to run the TURN tests");
			}
		}
		try (DatagramSocket probe = new DatagramSocket(0)) {
			port = probe.getLocalPort();
		}
		Path log = Files.createTempFile("coturn", ".log");
		turnserver = new ProcessBuilder("turnserver", "-n", "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1",
				"--listening-port=" + port, "--use-auth-secret", "--static-auth-secret=" + SECRET, "--realm=cdn.local",
				"--no-tls", "--no-dtls", "--no-cli", "--allow-loopback-peers", "--min-port=49160", "--max-port=49400",
				"--log-file=stdout", "--simple-log")
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		// listening once it answers a STUN binding request
		await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(CoturnIT::answersStun);
	}

	@AfterAll
	static void stopCoturn() throws InterruptedException {
		if (turnserver != null) {
			turnserver.destroy();
			turnserver.waitFor(5, TimeUnit.SECONDS);
		}
	}

	@Test
	void theCredentialsHandedOutAllocateARelayThroughCoturn() throws Exception {
		JsonNode turn = turnServer("peer-coturn");

		Allocation allocation = allocate(turn.get("username").asString(), turn.get("credential").asString());

		assertThat(allocation.succeeded()).as(allocation.output()).isTrue();
		assertThat(allocation.output()).contains("tot_recv_bytes ~ 400").doesNotContain("Cannot complete Allocation");
	}

	@Test
	void aTamperedPasswordOrUsernameIsRefused() throws Exception {
		JsonNode turn = turnServer("peer-tamper");
		String username = turn.get("username").asString();
		String password = turn.get("credential").asString();

		// one character changed (a fixed replacement would equal the original 1 time in
		// 64)
		char tampered = password.charAt(0) == 'X' ? 'Y' : 'X';
		assertThat(allocate(username, tampered + password.substring(1)).refused()).isTrue();
		// a longer lifetime under the same password
		long expiry = Long.parseLong(username.substring(0, username.indexOf(':')));
		assertThat(allocate((expiry + 3600) + ":peer-tamper", password).refused()).isTrue();
	}

	@Test
	void expiredCredentialsAreRefused() throws Exception {
		TurnCredentials past = new TurnCredentials(SECRET, Duration.ofSeconds(60),
				Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-5)));
		TurnCredentials.Credential expired = past.issue("peer-late");

		assertThat(allocate(expired.username(), expired.credential()).refused()).isTrue();
	}

	private JsonNode turnServer(String peerId) {
		byte[] body = this.http.get()
			.uri("/v1/ice-servers?peerId=" + peerId)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.returnResult()
			.getResponseBody();
		JsonNode servers = JsonMapper.builder().build().readTree(body).get("iceServers");
		for (JsonNode server : servers) {
			if (server.has("username")) {
				return server;
			}
		}
		throw new AssertionError("no TURN server in " + servers);
	}

	private record Allocation(int exitCode, String output) {

		boolean succeeded() {
			return this.exitCode == 0;
		}

		boolean refused() {
			return this.output.contains("Cannot complete Allocation");
		}

	}

	/** One allocation and a 100-byte echo through the relay, by coturn's own client. */
	private static Allocation allocate(String username, String password) throws IOException, InterruptedException {
		Path output = Files.createTempFile("uclient", ".log");
		List<String> command = new ArrayList<>(List.of("turnutils_uclient", "-y", "-n", "1", "-m", "1", "-l", "100",
				"-u", username, "-w", password, "-p", Integer.toString(port), "127.0.0.1"));
		Process client = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
		if (!client.waitFor(30, TimeUnit.SECONDS)) {
			client.destroyForcibly();
		}
		String text = Files.readString(output, StandardCharsets.UTF_8);
		Files.deleteIfExists(output);
		return new Allocation(client.isAlive() ? -1 : client.exitValue(), text);
	}

	/** Whether the TURN server answers a STUN binding request within a second. */
	private static boolean answersStun() throws IOException, InterruptedException {
		Process client = new ProcessBuilder("turnutils_stunclient", "-p", Integer.toString(port), "127.0.0.1")
			.redirectErrorStream(true)
			.start();
		if (!client.waitFor(1, TimeUnit.SECONDS)) {
			client.destroyForcibly();
			return false;
		}
		return new String(client.getInputStream().readAllBytes(), StandardCharsets.UTF_8).contains("reflexive addr");
	}

	private static boolean onPath(String program) {
		for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
			if (Files.isExecutable(Path.of(dir, program))) {
				return true;
			}
		}
		return false;
	}

}
