package cdn.router.health;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import cdn.kit.test.MutableClock;
import cdn.router.edge.Edge;
import cdn.router.edge.EdgeRegistry;
import cdn.router.edge.EdgeView;
import cdn.router.edge.HealthPolicy;
import cdn.router.edge.HealthState;
import cdn.router.edge.ProbeResult;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.scheduler.VirtualTimeScheduler;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Health hysteresis with a fake prober and a hand-moved clock: down after 2 failures in a
 * row, up again after 2 successes in a row, new edges decided by their first probe.
 */
class EdgeHealthMonitorTest {

	static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

	static final ProbeResult OK = ProbeResult.ready(0.1);

	static final ProbeResult REFUSED = ProbeResult.failed("connection refused");

	final MutableClock clock = new MutableClock(T0);

	final EdgeRegistry registry = new EdgeRegistry(this.clock, new HealthPolicy(2, 2, 0.8, 0.7));

	final Map<String, ProbeResult> answers = new ConcurrentHashMap<>();

	final EdgeHealthMonitor monitor = new EdgeHealthMonitor(this.registry,
			(edge) -> Mono.justOrEmpty(this.answers.get(edge.url())), Duration.ofSeconds(1));

	final Edge a = new Edge("http://a:8082", "us-east");

	final Edge b = new Edge("http://b:8082", "us-east");

	@AfterEach
	void stop() {
		this.monitor.stop();
		VirtualTimeScheduler.reset();
	}

	@Test
	void aNewEdgeIsNotRoutedUntilItsFirstProbeSaysReady() {
		this.registry.replaceAll(List.of(this.a));
		assertThat(state(this.a)).isEqualTo(HealthState.UNKNOWN);
		assertThat(this.registry.snapshot().healthy()).isEmpty();

		probe(this.a, OK);
		assertThat(state(this.a)).isEqualTo(HealthState.UP);
		assertThat(view(this.a).load()).isEqualTo(0.1);
		assertThat(view(this.a).lastCheck()).isEqualTo(T0.plusSeconds(1));
		assertThat(this.registry.snapshot().healthy()).extracting(EdgeView::url).containsExactly(this.a.url());
	}

	@Test
	void aNewEdgeThatFailsTwoProbesInARowIsDown() {
		this.registry.replaceAll(List.of(this.a));
		probe(this.a, REFUSED);
		assertThat(state(this.a)).isEqualTo(HealthState.UNKNOWN);
		assertThat(view(this.a).reason()).isEqualTo("connection refused");
		probe(this.a, REFUSED);
		assertThat(state(this.a)).isEqualTo(HealthState.DOWN);
	}

	@Test
	void oneFailureKeepsAnEdgeUp_twoInARowTakeItDown() {
		this.registry.replaceAll(List.of(this.a));
		probe(this.a, OK);
		probe(this.a, REFUSED);
		assertThat(state(this.a)).isEqualTo(HealthState.UP);
		probe(this.a, OK);
		probe(this.a, REFUSED);
		assertThat(state(this.a)).isEqualTo(HealthState.UP);
		probe(this.a, REFUSED);
		assertThat(state(this.a)).isEqualTo(HealthState.DOWN);
		assertThat(view(this.a).since()).isEqualTo(T0.plusSeconds(5));
		assertThat(this.registry.snapshot().healthy()).isEmpty();
	}

	@Test
	void aDownEdgeComesBackOnlyAfterTwoGoodProbesInARow() {
		this.registry.replaceAll(List.of(this.a));
		probe(this.a, OK);
		probe(this.a, REFUSED);
		probe(this.a, REFUSED);
		probe(this.a, OK);
		assertThat(state(this.a)).isEqualTo(HealthState.DOWN);
		assertThat(view(this.a).reason()).isEqualTo("ready");
		probe(this.a, REFUSED);
		probe(this.a, OK);
		assertThat(state(this.a)).isEqualTo(HealthState.DOWN);
		probe(this.a, OK);
		assertThat(state(this.a)).isEqualTo(HealthState.UP);
		assertThat(view(this.a).since()).isEqualTo(T0.plusSeconds(7));
	}

	@Test
	void loadSpillsAtTheSpillLevelAndRecoversOnlyBelowTheLowerLevel() {
		this.registry.replaceAll(List.of(this.a));
		probe(this.a, ProbeResult.ready(0.79));
		assertThat(view(this.a).overloaded()).isFalse();
		probe(this.a, ProbeResult.ready(0.8));
		assertThat(view(this.a).overloaded()).isTrue();
		probe(this.a, ProbeResult.ready(0.75));
		assertThat(view(this.a).overloaded()).isTrue();
		probe(this.a, ProbeResult.ready(null));
		assertThat(view(this.a).load()).isEqualTo(0.75);
		probe(this.a, ProbeResult.ready(0.69));
		assertThat(view(this.a).overloaded()).isFalse();
		probe(this.a, ProbeResult.ready(7.0));
		assertThat(view(this.a).load()).isEqualTo(1.0);
		probe(this.a, ProbeResult.ready(Double.NaN));
		assertThat(view(this.a).load()).isZero();
	}

	@Test
	void rediscoveryKeepsHealthAndTakesTheNewRegion() {
		this.registry.replaceAll(List.of(this.a, this.b));
		probe(this.a, OK);
		this.registry.replaceAll(List.of(new Edge(this.a.url(), "eu-west")));
		assertThat(this.registry.snapshot().edges()).singleElement().satisfies((edge) -> {
			assertThat(edge.region()).isEqualTo("eu-west");
			assertThat(edge.state()).isEqualTo(HealthState.UP);
		});
		assertThat(this.registry.snapshot().regions()).containsExactly("eu-west");
	}

	@Test
	void resultsForAnEdgeRemovedDuringTheRoundAreIgnored() {
		this.registry.replaceAll(List.of(this.a));
		this.registry.replaceAll(List.of());
		this.registry.recordProbes(Map.of(this.a.url(), OK));
		assertThat(this.registry.snapshot().edges()).isEmpty();
	}

	@Test
	void readyOnlyAfterARoundThatFollowsDiscovery() {
		this.registry.replaceAll(List.of(this.a));
		this.answers.put(this.a.url(), REFUSED);
		this.monitor.probeAll().block(Duration.ofSeconds(5));
		assertThat(this.monitor.probedAfterDiscovery()).isFalse();
		this.registry.markDiscovered();
		this.monitor.probeAll().block(Duration.ofSeconds(5));
		// ready even though the edge failed: the router answers 503 rather than vanish
		assertThat(this.monitor.probedAfterDiscovery()).isTrue();
	}

	@Test
	void aDeadEdgeIsOutWithinTwoIntervals() {
		VirtualTimeScheduler time = VirtualTimeScheduler.getOrSet();
		this.registry.replaceAll(List.of(this.a, this.b));
		this.answers.put(this.a.url(), OK);
		this.answers.put(this.b.url(), OK);
		this.monitor.start();
		time.advanceTimeBy(Duration.ofMillis(1500));
		assertThat(this.registry.snapshot().healthy()).hasSize(2);

		// a dies half-way between two rounds
		this.answers.put(this.a.url(), REFUSED);
		time.advanceTimeBy(Duration.ofMillis(500));
		assertThat(state(this.a)).isEqualTo(HealthState.UP);
		time.advanceTimeBy(Duration.ofMillis(1000));
		assertThat(state(this.a)).isEqualTo(HealthState.DOWN);
		assertThat(this.registry.snapshot().healthy()).extracting(EdgeView::url).containsExactly(this.b.url());
	}

	private void probe(Edge edge, ProbeResult result) {
		this.clock.advance(Duration.ofSeconds(1));
		this.answers.put(edge.url(), result);
		this.monitor.probeAll().block(Duration.ofSeconds(5));
	}

	private EdgeView view(Edge edge) {
		return this.registry.snapshot()
			.edges()
			.stream()
			.filter((view) -> view.url().equals(edge.url()))
			.findFirst()
			.orElseThrow();
	}

	private HealthState state(Edge edge) {
		return view(edge).state();
	}

}
