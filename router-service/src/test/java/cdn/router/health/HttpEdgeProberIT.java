package cdn.router.health;

import java.time.Duration;

import cdn.router.StubEdge;
import cdn.router.config.RouterProperties;
import cdn.router.edge.Edge;
import cdn.router.edge.ProbeResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One test per way an edge answers a probe, against a real HTTP server.
 */
class HttpEdgeProberIT {

	static final HttpEdgeProber prober = new HttpEdgeProber(new RouterProperties.Health(Duration.ofSeconds(1),
			Duration.ofMillis(300), 2, 2, "/actuator/health/readiness", "/v1/status"));

	final StubEdge stub = StubEdge.start();

	final Edge edge = new Edge(this.stub.url(), "us-east");

	@BeforeAll
	static void warmUp() {
		// the first exchange of a JVM loads the HTTP client and codecs: not what is
		// tested
		try (StubEdge warm = StubEdge.start()) {
			prober.probe(new Edge(warm.url(), "us-east")).block(Duration.ofSeconds(10));
		}
	}

	@AfterEach
	void stopStub() {
		this.stub.close();
	}

	@AfterAll
	static void closeProber() {
		prober.close();
	}

	@Test
	void readyEdgeReportsItsLoad() {
		this.stub.load(0.42);
		assertThat(probe()).isEqualTo(ProbeResult.ready(0.42));
	}

	@Test
	void anEdgeWithoutLoadReportCountsAsLoadZero() {
		this.stub.status(404, "");
		assertThat(probe()).isEqualTo(ProbeResult.ready(0.0));
		this.stub.status(200, "{\"cachedBytes\":1}");
		assertThat(probe()).isEqualTo(ProbeResult.ready(0.0));
	}

	@Test
	void aBrokenLoadReportLeavesTheLoadUnknownButTheEdgeReady() {
		this.stub.status(500, "{\"load\":0.9}");
		assertThat(probe()).isEqualTo(ProbeResult.ready(null));
		this.stub.status(200, "<html>not json</html>");
		assertThat(probe()).isEqualTo(ProbeResult.ready(null));
	}

	@Test
	void notReadyIsAFailureWithTheStatus() {
		this.stub.readiness(503);
		assertThat(probe()).isEqualTo(ProbeResult.failed("not ready: HTTP 503"));
	}

	@Test
	void aStoppedEdgeIsRefused() {
		this.stub.stop();
		assertThat(probe()).isEqualTo(ProbeResult.failed("connection refused"));
	}

	@Test
	void aHungEdgeTimesOutWithinTheProbeTimeout() {
		this.stub.hang();
		long start = System.nanoTime();
		ProbeResult result = probe();
		long elapsed = Duration.ofNanos(System.nanoTime() - start).toMillis();
		this.stub.release();
		assertThat(result).isEqualTo(ProbeResult.failed("timeout: no answer within 300 ms"));
		assertThat(elapsed).isLessThan(2000);
	}

	private ProbeResult probe() {
		return prober.probe(this.edge).block(Duration.ofSeconds(5));
	}

}
