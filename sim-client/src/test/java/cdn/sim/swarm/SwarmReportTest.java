package cdn.sim.swarm;

import java.util.List;

import cdn.client.listener.ListenerResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SwarmReportTest {

	@Test
	void aggregatesRatiosPercentilesAndFailures() {
		ListenerResult a = new ListenerResult("a", "t", "us-east", 100, 10_000, 0, 0, 0, 1000, 1000, 0, 0, 128 * 40.0,
				40, 10, 20, 0, null);
		ListenerResult b = new ListenerResult("b", "t", "us-east", 300, 10_000, 100, 1, 9000, 0, 0, 1, 1, 64 * 40.0, 40,
				10, 10, 0, null);
		ListenerResult c = new ListenerResult("c", "t", "eu-west", -1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
				"playlists unavailable");

		SwarmReport report = SwarmReport.of(List.of(a, b, c), 3, 12.345, PeerTransportMode.WEBRTC);

		assertThat(report.bytes()).isEqualTo(new SwarmReport.Bytes(9000, 1000));
		assertThat(report.peerHitRatio()).isEqualTo(0.9);
		assertThat(report.transport()).isEqualTo("webrtc");
		assertThat(report.edgeHitRatio()).isEqualTo(1.0);
		assertThat(report.startupMs()).isEqualTo(new SwarmReport.Startup(100, 300, 300));
		assertThat(report.rebufferRatio()).isEqualTo(0.005);
		assertThat(report.failedPlaybacks()).isEqualTo(1);
		assertThat(report.avgBitrateKbps()).isEqualTo(96.0);
		assertThat(report.trackerRequestsPerSegment()).isEqualTo(1.5);
		assertThat(report.table()).contains("peer hit ratio").contains("90.0 %");
	}

}
