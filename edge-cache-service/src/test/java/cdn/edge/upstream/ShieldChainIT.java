package cdn.edge.upstream;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import cdn.edge.EdgeApplication;
import cdn.edge.EdgeITSupport;
import cdn.edge.FakeUpstream;
import cdn.protocol.SegmentName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tiered caching with real processes' worth of edges in one JVM: two child edges behind
 * two shield edges behind one origin. Each object reaches the origin once, through the
 * shield that rendezvous hashing gives it, and a lost shield's objects go to the next
 * candidate.
 */
class ShieldChainIT {

	private final List<ConfigurableApplicationContext> edges = new ArrayList<>();

	@AfterEach
	void closeEdges() {
		this.edges.forEach(ConfigurableApplicationContext::close);
	}

	@Test
	void childEdgesFetchEachObjectFromTheOriginOnceThroughItsShield() {
		try (FakeUpstream origin = FakeUpstream.start()) {
			List<SegmentName> segments = origin.track("chain-track", 2, 8192);
			List<String> paths = new ArrayList<>(List.of("/tracks/chain-track/master.m3u8",
					"/tracks/chain-track/a64/index.m3u8", "/tracks/chain-track/a128/index.m3u8"));
			segments.forEach((segment) -> paths.add(segment.path()));
			ConfigurableApplicationContext shieldA = edge(origin, "shield-a", "");
			ConfigurableApplicationContext shieldB = edge(origin, "shield-b", "");
			String shields = url(shieldA) + "," + url(shieldB);
			List<WebTestClient> children = List.of(client(edge(origin, "child-one", shields)),
					client(edge(origin, "child-two", shields)));
			for (WebTestClient child : children) {
				for (String path : paths) {
					child.get()
						.uri(path)
						.exchange()
						.expectStatus()
						.isOk()
						.expectHeader()
						.valueEquals("X-Cache", "MISS")
						.expectBody(byte[].class)
						.isEqualTo(origin.body(path));
				}
			}
			assertThat(paths).allSatisfy((path) -> assertThat(origin.hits(path)).as(path).isEqualTo(1));

			// every object sits on exactly the shield its hash names
			ShieldSelector selector = new ShieldSelector(URI.create(origin.baseUrl()),
					List.of(URI.create(url(shieldA)), URI.create(url(shieldB))));
			for (String path : paths) {
				ConfigurableApplicationContext owner = selector.primary(path).toString().equals(url(shieldA)) ? shieldA
						: shieldB;
				client(owner).head().uri(path).exchange().expectHeader().valueEquals("X-Cache", "HIT");
			}

			// shield A goes away: its objects come through the next candidate
			SegmentName ownedByA = null;
			for (int seed = 1000; ownedByA == null; seed++) {
				SegmentName candidate = origin.segment(4096, seed);
				if (selector.primary(candidate.path()).toString().equals(url(shieldA))) {
					ownedByA = candidate;
				}
			}
			String lostShield = url(shieldA);
			shieldA.close();
			children.get(0)
				.get()
				.uri(ownedByA.path())
				.exchange()
				.expectStatus()
				.isOk()
				.expectBody(byte[].class)
				.isEqualTo(origin.body(ownedByA.path()));
			assertThat(origin.hits(ownedByA.path())).isEqualTo(1);
			assertThat(lostShield).isNotEqualTo(url(shieldB));
		}
	}

	private ConfigurableApplicationContext edge(FakeUpstream origin, String region, String shields) {
		// arguments, not default properties: they must win over application.yml's port
		ConfigurableApplicationContext edge = new SpringApplicationBuilder(EdgeApplication.class).run("--server.port=0",
				"--spring.main.banner-mode=off", "--edge.region=" + region, "--edge.upstream=" + origin.baseUrl(),
				"--edge.shields=" + shields);
		this.edges.add(edge);
		return edge;
	}

	private static String url(ConfigurableApplicationContext edge) {
		return "http://127.0.0.1:" + edge.getEnvironment().getProperty("local.server.port");
	}

	private static WebTestClient client(ConfigurableApplicationContext edge) {
		return EdgeITSupport.keepAliveConnections(url(edge));
	}

}
