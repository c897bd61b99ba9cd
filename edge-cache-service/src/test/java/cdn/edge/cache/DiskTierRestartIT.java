package cdn.edge.cache;

import java.nio.file.Path;
import java.time.Duration;

import cdn.edge.EdgeApplication;
import cdn.edge.EdgeITSupport;
import cdn.edge.FakeUpstream;
import cdn.protocol.SegmentName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two runs of an edge on one disk directory: the second serves what the first fetched.
 */
class DiskTierRestartIT {

	@TempDir
	Path directory;

	@Test
	void segmentsOnDiskSurviveARestartWithTheUpstreamGone() {
		try (FakeUpstream upstream = FakeUpstream.start()) {
			SegmentName segment = upstream.segment(64 * 1024, 77);
			try (ConfigurableApplicationContext first = start(upstream)) {
				client(first).get()
					.uri(segment.path())
					.exchange()
					.expectStatus()
					.isOk()
					.expectHeader()
					.valueEquals("X-Cache", "MISS");
				await().atMost(Duration.ofSeconds(5))
					.until(() -> this.directory.resolve(segment.fileName()).toFile().isFile());
			}
			upstream.stop();
			try (ConfigurableApplicationContext second = start(upstream)) {
				client(second).get()
					.uri(segment.path())
					.exchange()
					.expectStatus()
					.isOk()
					.expectHeader()
					.valueEquals("X-Cache", "HIT")
					.expectBody(byte[].class)
					.isEqualTo(upstream.body(segment.path()));
				client(second).get().uri(segment.path()).exchange().expectHeader().valueEquals("X-Cache", "HIT");
			}
			assertThat(upstream.hits(segment.path())).isEqualTo(1);
		}
	}

	private ConfigurableApplicationContext start(FakeUpstream upstream) {
		// arguments, not default properties: they must win over application.yml's port
		return new SpringApplicationBuilder(EdgeApplication.class).run("--server.port=0",
				"--spring.main.banner-mode=off", "--edge.upstream=" + upstream.baseUrl(),
				"--edge.cache.disk.enabled=true", "--edge.cache.disk.directory=" + this.directory);
	}

	static WebTestClient client(ConfigurableApplicationContext edge) {
		return EdgeITSupport
			.keepAliveConnections("http://127.0.0.1:" + edge.getEnvironment().getProperty("local.server.port"));
	}

}
