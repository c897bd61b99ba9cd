package cdn.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import cdn.client.net.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./cdn demo} end to end, as a newcomer runs it: every service as a process on its
 * default port, the scenario phase by phase with the thresholds, the reports, and
 * nothing left running afterwards.
 */
class DemoIT {

	private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

	/** One origin storage for both tests: the demo catalog is generated once. */
	@TempDir
	static Path storage;

	@Test
	void twentyListenersOnOneTrackMeetEveryPhasesThreshold(@TempDir Path reports) throws Exception {
		int exit = new CommandLine(new DemoCommand()).execute("--clients", "20", "--mix", "0", "--speed", "4", "--root",
				ROOT.toString(), "--storage", storage.toString(), "--report", reports.toString());

		assertThat(exit).isZero();
		JsonNode report = Json.MAPPER.readTree(reports.resolve("report.json").toFile());
		assertThat(report.path("phases")).extracting((phase) -> phase.path("name").asString())
			.containsExactly("1 cold start", "2 swarm", "3 edge failure", "4 bandwidth drop", "5 until the end");
		JsonNode overall = report.path("overall");
		assertThat(overall.path("clients").asInt()).isEqualTo(20);
		// cold start: the edge missed, the origin served, and the listener started
		JsonNode cold = report.path("phases").get(0);
		assertThat(cold.path("originBytes").asLong()).isPositive();
		assertThat(cold.path("startupMs").path("p50").asLong()).isNotNegative();
		// swarm: the peers carry the load
		assertThat(overall.path("peerHitRatio").asDouble()).isGreaterThanOrEqualTo(0.8);
		// the origin served each segment at most once per edge that asked for it
		assertThat(report.path("originServedPerEdgeObject").asDouble()).isPositive().isLessThanOrEqualTo(1.0);
		// an edge died: nobody's playback failed, in that phase or later
		assertThat(report.path("phases").get(2).path("failedPlaybacks").asLong()).isZero();
		assertThat(overall.path("failedPlaybacks").asLong()).isZero();
		assertThat(overall.path("hashFailures").asLong()).isZero();
		// the bandwidth drop: ABR stepped down
		JsonNode drop = report.path("bandwidthDrop");
		assertThat(drop.path("listeners").asInt()).isPositive();
		assertThat(drop.path("steppedDown").asInt()).isPositive();
		assertThat(Files.readString(reports.resolve("report.html"))).contains("<svg").contains("3 edge failure");
		assertNothingLeftRunning();
	}

	@Test
	void compareRunsBothArmsOnRedisAndShowsTheDifference(@TempDir Path reports) throws Exception {
		int exit = new CommandLine(new DemoCommand()).execute("--compare", "--redis", "--clients", "6", "--mix", "0",
				"--speed", "8", "--browsers", "2", "--transport", "auto", "--root", ROOT.toString(), "--storage",
				storage.toString(), "--report", reports.toString());

		assertThat(exit).isZero();
		JsonNode comparison = Json.MAPPER.readTree(reports.resolve("compare.json").toFile());
		JsonNode on = comparison.path("p2pOn");
		JsonNode off = comparison.path("p2pOff");
		assertThat(on.path("p2p").asBoolean()).isTrue();
		assertThat(off.path("p2p").asBoolean()).isFalse();
		assertThat(List.of(on.path("tracker").asString(), off.path("tracker").asString())).containsOnly("redis");
		// the JVM listeners on WebRTC with the pages (one swarm), on HTTP among
		// themselves:
		// at 8x speed a new DataChannel's set-up costs 8x its time in playback time
		// (JavaWebRtcIT holds JVMs on WebRTC alone to HTTP's peer share)
		assertThat(List.of(on.path("overall").path("transport").asString(),
				off.path("overall").path("transport").asString()))
			.containsOnly("auto");
		assertThat(on.path("overall").path("peerHitRatio").asDouble()).isGreaterThan(0.5);
		assertThat(off.path("overall").path("bytes").path("peer").asLong()).isZero();
		// each arm has a fresh cluster: the control arm's origin serves the track again
		assertThat(off.path("originSegmentBytes").asLong()).isGreaterThan(on.path("originSegmentBytes").asLong());
		assertThat(on.path("overall").path("failedPlaybacks").asLong()).isZero();
		assertThat(off.path("overall").path("failedPlaybacks").asLong()).isZero();
		assertThat(comparison.has("startupNoWorse")).isTrue();
		assertThat(comparison.has("rebufferingNoWorse")).isTrue();
		assertThat(Files.readString(reports.resolve("compare.html"))).contains("P2P on vs off")
			.contains("p2p-off/report.html");
		// two headless Chromiums on the web player in each arm, among the JVM listeners:
		// with P2P they take segments over DataChannels from each other and the JVMs
		JsonNode browsersOn = on.path("browsers");
		JsonNode browsersOff = off.path("browsers");
		assertThat(List.of(browsersOn.path("listeners").asInt(), browsersOff.path("listeners").asInt()))
			.containsOnly(2);
		assertThat(List.of(browsersOn.path("failed").asLong(), browsersOff.path("failed").asLong())).containsOnly(0L);
		assertThat(browsersOn.path("hashFailures").asLong()).isZero();
		assertThat(browsersOn.path("startupP50Ms").asLong()).isPositive();
		assertThat(browsersOn.path("peerBytes").asLong()).isPositive();
		assertThat(browsersOff.path("peerBytes").asLong()).isZero();
		assertThat(browsersOff.path("edgeBytes").asLong()).isPositive();
		assertThat(Files.readString(reports.resolve("p2p-on/report.html"))).contains("browser (Chromium)");
		assertThat(reports.resolve("p2p-on/report.html")).exists();
		assertThat(reports.resolve("p2p-off/report.json")).exists();
		assertNothingLeftRunning();
		assertThat(LocalCluster.isFree(DemoRedis.DEFAULT_PORT)).as("the embedded Redis is stopped").isTrue();
	}

	private static void assertNothingLeftRunning() {
		for (int port : new int[] { 8080, 8081, 8082, 8083, 8084, 8090, 8091, 3478 }) {
			assertThat(LocalCluster.isFree(port)).as("port %d is free after the demo", port).isTrue();
		}
		assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList())
			.as("processes the demo started")
			.isEmpty();
	}

}
