package cdn.client.demo;

import java.nio.file.Files;
import java.nio.file.Path;

import cdn.client.net.Json;
import cdn.client.swarm.SwarmCommand;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ./cdn demo} end to end, as a newcomer runs it (fewer listeners): every service
 * as a process on its default port, the scenario with an edge killed mid-stream, the
 * reports, and nothing left running afterwards.
 */
class DemoIT {

	@Test
	void demoRunsEveryPhaseWithoutFailedPlaybacksAndLeavesNothingRunning() throws Exception {
		Path root = Path.of("..").toAbsolutePath().normalize();
		Path work = Files.createTempDirectory("demo-it");

		int exit = SwarmCommand.commandLine()
			.execute("demo", "--clients", "8", "--speed", "4", "--root", root.toString(), "--storage",
					work.resolve("origin").toString(), "--report", work.resolve("reports").toString());

		assertThat(exit).isZero();
		JsonNode report = Json.MAPPER.readTree(work.resolve("reports/report.json").toFile());
		assertThat(report.path("phases")).hasSize(5);
		assertThat(report.path("phases").get(2).path("name").asString()).isEqualTo("3 edge failure");
		assertThat(report.path("overall").path("failedPlaybacks").asLong()).isZero();
		assertThat(report.path("overall").path("peerHitRatio").asDouble()).isGreaterThan(0.5);
		assertThat(report.path("originBandwidthSaved").asDouble()).isGreaterThan(0.5);
		assertThat(Files.readString(work.resolve("reports/report.html"))).contains("<svg").contains("3 edge failure");
		for (int port : new int[] { 8080, 8081, 8082, 8083, 8084, 8090 }) {
			assertThat(LocalCluster.isFree(port)).as("port %d is free after the demo", port).isTrue();
		}
	}

}
