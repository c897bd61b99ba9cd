package cdn.router.health;

import java.time.Duration;
import java.util.Optional;

import cdn.router.config.RouterProperties;
import cdn.router.edge.Edge;
import cdn.router.edge.ProbeResult;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.netty.channel.ChannelOption;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.http.HttpStatus;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Probes an edge over HTTP: {@code GET {edge}/actuator/health/readiness} (2xx means
 * ready) and, at the same time, {@code GET {edge}/v1/status} for its load. Both are
 * bounded by the probe timeout, connect included. An edge without a load report (404, or
 * no {@code load} field) counts as load 0; a load report that fails otherwise leaves the
 * last known load.
 */
public final class HttpEdgeProber implements EdgeProber {

	private final WebClient client;

	private final Duration timeout;

	private final String readinessPath;

	private final String statusPath;

	private final ConnectionProvider connections;

	public HttpEdgeProber(RouterProperties.Health health) {
		this.timeout = health.timeout();
		this.readinessPath = health.readinessPath();
		this.statusPath = health.statusPath();
		this.connections = ConnectionProvider.builder("edge-probes")
			.maxConnections(256)
			.maxIdleTime(Duration.ofSeconds(20))
			.build();
		HttpClient http = HttpClient.create(this.connections)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) this.timeout.toMillis())
			.responseTimeout(this.timeout);
		// event loops, native transport and resolver ready before the first probe, whose
		// timeout would otherwise include them
		http.warmup().block();
		this.client = WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
	}

	@Override
	public Mono<ProbeResult> probe(Edge edge) {
		Mono<ProbeResult> readiness = this.client.get()
			.uri(edge.url() + this.readinessPath)
			.exchangeToMono(HttpEdgeProber::readiness)
			.timeout(this.timeout)
			.onErrorResume((error) -> Mono.just(failure(error)));
		Mono<Optional<Double>> load = this.client.get()
			.uri(edge.url() + this.statusPath)
			.exchangeToMono(HttpEdgeProber::load)
			.timeout(this.timeout)
			.onErrorResume((error) -> Mono.just(Optional.empty()));
		return Mono.zip(readiness, load)
			.map((both) -> both.getT1().ready() ? ProbeResult.ready(both.getT2().orElse(null)) : both.getT1());
	}

	private static Mono<ProbeResult> readiness(ClientResponse response) {
		int status = response.statusCode().value();
		return response.releaseBody()
			.thenReturn(response.statusCode().is2xxSuccessful() ? ProbeResult.ready(null)
					: ProbeResult.failed(ProbeFailure.NOT_READY.reason() + ": HTTP " + status));
	}

	private static Mono<Optional<Double>> load(ClientResponse response) {
		if (response.statusCode().value() == HttpStatus.NOT_FOUND.value()) {
			return response.releaseBody().thenReturn(Optional.of(0.0));
		}
		if (!response.statusCode().is2xxSuccessful()) {
			return response.releaseBody().thenReturn(Optional.empty());
		}
		return response.bodyToMono(StatusReport.class)
			.map((report) -> Optional.of((report.load() != null) ? report.load() : 0.0))
			.defaultIfEmpty(Optional.of(0.0));
	}

	private ProbeResult failure(Throwable error) {
		ProbeFailure failure = ProbeFailure.classify(error);
		String reason = switch (failure) {
			case TIMEOUT -> failure.reason() + ": no answer within " + this.timeout.toMillis() + " ms";
			case UNREACHABLE -> failure.reason() + ": " + rootCause(error).getClass().getSimpleName();
			default -> failure.reason();
		};
		return ProbeResult.failed(reason);
	}

	private static Throwable rootCause(Throwable error) {
		Throwable cause = error;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		return cause;
	}

	/** Frees the probe connections. */
	public void close() {
		this.connections.dispose();
	}

	/** The part of an edge's {@code /v1/status} the router reads. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	record StatusReport(Double load) {
	}

}
