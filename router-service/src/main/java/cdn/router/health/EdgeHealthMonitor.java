package cdn.router.health;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import cdn.router.edge.Edge;
import cdn.router.edge.EdgeRegistry;
import cdn.router.edge.ProbeResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.util.function.Tuples;

import org.springframework.context.SmartLifecycle;

/**
 * Probes every known edge once per interval, all edges in parallel, and hands each round
 * to the registry. A round never takes longer than the probe timeout, which is at most
 * the interval, so rounds do not pile up; a tick that comes while a round still runs is
 * skipped.
 */
public final class EdgeHealthMonitor implements SmartLifecycle {

	private static final Logger log = LoggerFactory.getLogger(EdgeHealthMonitor.class);

	/**
	 * Edges probed at once (two connections each, within the prober's pool of 256): up to
	 * this many edges, a round takes one probe timeout at most.
	 */
	private static final int CONCURRENCY = 128;

	private final EdgeRegistry registry;

	private final EdgeProber prober;

	private final Duration interval;

	private volatile Disposable schedule;

	private volatile boolean probedAfterDiscovery;

	public EdgeHealthMonitor(EdgeRegistry registry, EdgeProber prober, Duration interval) {
		this.registry = registry;
		this.prober = prober;
		this.interval = interval;
	}

	/** Probes every edge once and records the results. */
	public Mono<Void> probeAll() {
		boolean discovered = this.registry.discovered();
		List<Edge> members = this.registry.members();
		return Flux.fromIterable(members)
			.flatMap((edge) -> this.prober.probe(edge)
				.onErrorResume(
						(error) -> Mono.just(ProbeResult.failed("probe error: " + error.getClass().getSimpleName())))
				.map((result) -> Tuples.of(edge.url(), result)), CONCURRENCY)
			.collect(LinkedHashMap<String, ProbeResult>::new,
					(results, probe) -> results.put(probe.getT1(), probe.getT2()))
			.doOnNext((Map<String, ProbeResult> results) -> {
				this.registry.recordProbes(results);
				if (discovered) {
					this.probedAfterDiscovery = true;
				}
			})
			.then();
	}

	/**
	 * Whether every edge discovery delivered at start has been probed once, so that
	 * routing answers from probes rather than from an empty view.
	 */
	public boolean probedAfterDiscovery() {
		return this.probedAfterDiscovery;
	}

	@Override
	public void start() {
		this.schedule = Flux.interval(Duration.ZERO, this.interval)
			.onBackpressureDrop()
			.concatMap((tick) -> probeAll().onErrorResume((error) -> {
				log.warn("Probe round failed", error);
				return Mono.empty();
			}), 0)
			.subscribe();
	}

	@Override
	public void stop() {
		Disposable running = this.schedule;
		if (running != null) {
			running.dispose();
			this.schedule = null;
		}
	}

	@Override
	public boolean isRunning() {
		return this.schedule != null;
	}

}
