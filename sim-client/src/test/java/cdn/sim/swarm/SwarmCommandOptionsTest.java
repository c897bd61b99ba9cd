package cdn.sim.swarm;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad options are a one-line CLI error (exit 2) before anything starts.
 */
class SwarmCommandOptionsTest {

	@Test
	void aSamplingOutsideZeroToOneIsRefused() {
		assertThat(run("--router", "http://localhost:1", "--zipkin", "http://localhost:9411/api/v2/spans",
				"--trace-sampling", "1.5"))
			.isEqualTo("error: --trace-sampling must be between 0 and 1");
	}

	@Test
	void aZipkinThatIsNoHttpUrlIsRefused() {
		assertThat(run("--router", "http://localhost:1", "--zipkin", "localhost:9411"))
			.startsWith("error: --zipkin must be an http(s) URL");
	}

	@Test
	void claimsOutsideZeroToFourAreRefused() {
		assertThat(run("--router", "http://localhost:1", "--claims", "5")).endsWith("--claims between 0 and 4");
		assertThat(run("--router", "http://localhost:1", "--claims", "-1")).endsWith("--claims between 0 and 4");
	}

	@Test
	void anUnknownTransportOrASignalingUrlThatIsNoWebSocketIsRefused() {
		assertThat(run("--router", "http://localhost:1", "--transport", "quic"))
			.startsWith("Invalid value for option '--transport': 'quic' is not a transport: http, webrtc or auto");
		assertThat(run("--router", "http://localhost:1", "--transport", "webrtc", "--signaling",
				"http://localhost:8091/v1/signal"))
			.isEqualTo("error: --signaling must be a ws(s) URL, e.g. ws://localhost:8091/v1/signal");
	}

	@Test
	void peersPerSegmentOutsideOneToFiftyAreRefused() {
		assertThat(run("--router", "http://localhost:1", "--peers-per-segment", "0"))
			.isEqualTo("error: --peers-per-segment must be between 1 and 50");
		assertThat(run("--router", "http://localhost:1", "--peers-per-segment", "51"))
			.isEqualTo("error: --peers-per-segment must be between 1 and 50");
	}

	/** The command's standard error; its exit code must be 2. */
	private static String run(String... args) {
		ByteArrayOutputStream err = new ByteArrayOutputStream();
		PrintStream saved = System.err;
		System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
		try {
			assertThat(SwarmCommand.commandLine().execute(args)).isEqualTo(2);
		}
		finally {
			System.setErr(saved);
		}
		return err.toString(StandardCharsets.UTF_8).strip();
	}

}
