package cdn.router.takedown;

import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

import cdn.kit.security.Secret;
import cdn.protocol.TrackId;
import cdn.router.config.RouterProperties;
import cdn.router.edge.EdgeRegistry;
import io.netty.channel.ChannelOption;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Sends a takedown (or its lift) to every service that holds a track: the origin deletes
 * it ({@code DELETE /v1/admin/tracks/{id}}), the tracker stops handing out its holders
 * and tells its listeners ({@code PUT /v1/admin/takedowns/{id}}), every edge of the
 * registry, healthy or not, blocks and purges it ({@code PUT /v1/admin/takedowns/{id}}).
 * <p>
 * Two rounds, each call bounded by {@code router.admin.timeout}: the origin and the
 * tracker in parallel, then the edges in parallel with the segments the origin deleted
 * (only the origin knows which segments were the track's own: the init segments are
 * shared by every track, and an edge must not block those). The origin goes first so that
 * an edge's refetch after its purge finds nothing. An origin that answers 404 no longer
 * has the track (an earlier takedown): done; the edges then block its playlists and purge
 * what their cached playlists name. A lift goes to the edges and the tracker (a 404
 * there: not taken down, done); the origin's deletion is not undone (ingest the track
 * again).
 */
public final class TakedownFanOut implements AutoCloseable {

	private static final int EDGE_CONCURRENCY = 32;

	private final WebClient client;

	private final ConnectionProvider connections;

	private final EdgeRegistry registry;

	private final Duration timeout;

	private final String origin;

	private final String tracker;

	private final Secret originToken;

	private final Secret edgeToken;

	private final Secret trackerToken;

	public TakedownFanOut(RouterProperties properties, EdgeRegistry registry) {
		RouterProperties.Admin admin = properties.admin();
		this.registry = registry;
		this.timeout = admin.timeout();
		this.origin = stripSlash(admin.originUrl().toString());
		this.tracker = stripSlash(admin.trackerUrl().isBlank() ? properties.tracker().toString() : admin.trackerUrl());
		this.originToken = orDefault(admin.originToken(), properties.adminToken());
		this.edgeToken = orDefault(admin.edgeToken(), properties.adminToken());
		this.trackerToken = orDefault(admin.trackerToken(), properties.adminToken());
		this.connections = ConnectionProvider.builder("takedowns")
			.maxConnections(64)
			.maxIdleTime(Duration.ofSeconds(20))
			.build();
		HttpClient http = HttpClient.create(this.connections)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) this.timeout.toMillis())
			.responseTimeout(this.timeout);
		this.client = WebClient.builder().clientConnector(new ReactorClientHttpConnector(http)).build();
	}

	/** Takes {@code trackId} down everywhere; every target's outcome, none left out. */
	public Mono<List<TargetResult>> takeDown(TrackId trackId) {
		String id = trackId.value();
		Mono<Done> origin = this.client.delete()
			.uri(this.origin + "/v1/admin/tracks/{id}", id)
			.header(HttpHeaders.AUTHORIZATION, bearer(this.originToken))
			.exchangeToMono(TakedownFanOut::originAnswer)
			.timeout(this.timeout)
			.onErrorResume((error) -> Mono.just(new OriginCall(null, describe(error), List.of())))
			.map((call) -> call.result(this.origin))
			.cache();
		Mono<TargetResult> tracker = call("tracker", this.tracker, HttpMethod.PUT, "/v1/admin/takedowns/{id}", id, null,
				this.trackerToken, false);
		Mono<List<TargetResult>> edges = origin.flatMap((done) -> Flux.fromIterable(this.registry.members())
			.flatMap((edge) -> call("edge", edge.url(), HttpMethod.PUT, "/v1/admin/takedowns/{id}", id,
					Map.of("segments", done.segments()), this.edgeToken, false), EDGE_CONCURRENCY)
			.collectList());
		return Mono.zip(origin, tracker, edges).map((all) -> {
			List<TargetResult> results = new ArrayList<>();
			results.add(all.getT1().target());
			results.add(all.getT2());
			results.addAll(sorted(all.getT3()));
			return List.copyOf(results);
		});
	}

	/** Lifts the takedown at the tracker and every edge. */
	public Mono<List<TargetResult>> lift(TrackId trackId) {
		String id = trackId.value();
		Mono<TargetResult> tracker = call("tracker", this.tracker, HttpMethod.DELETE, "/v1/admin/takedowns/{id}", id,
				null, this.trackerToken, true);
		Mono<List<TargetResult>> edges = Flux.fromIterable(this.registry.members())
			.flatMap((edge) -> call("edge", edge.url(), HttpMethod.DELETE, "/v1/admin/takedowns/{id}", id, null,
					this.edgeToken, true), EDGE_CONCURRENCY)
			.collectList();
		return Mono.zip(tracker, edges).map((all) -> {
			List<TargetResult> results = new ArrayList<>();
			results.add(all.getT1());
			results.addAll(sorted(all.getT2()));
			return List.copyOf(results);
		});
	}

	/** One call: 2xx is done; with {@code notFoundIsDone} a 404 too. */
	private Mono<TargetResult> call(String service, String base, HttpMethod method, String path, String id, Object body,
			Secret token, boolean notFoundIsDone) {
		WebClient.RequestBodySpec request = this.client.method(method)
			.uri(base + path, id)
			.header(HttpHeaders.AUTHORIZATION, bearer(token));
		WebClient.RequestHeadersSpec<?> ready = (body != null)
				? request.contentType(MediaType.APPLICATION_JSON).bodyValue(body) : request;
		return ready.exchangeToMono((response) -> {
			int status = response.statusCode().value();
			boolean done = response.statusCode().is2xxSuccessful() || (notFoundIsDone && status == 404);
			return response.releaseBody()
				.thenReturn(new TargetResult(service, base, status, done ? null : "HTTP " + status));
		})
			.timeout(this.timeout)
			.onErrorResume((error) -> Mono.just(new TargetResult(service, base, null, describe(error))));
	}

	private static Mono<OriginCall> originAnswer(ClientResponse response) {
		int status = response.statusCode().value();
		if (response.statusCode().is2xxSuccessful()) {
			return response.bodyToMono(OriginRemoval.class)
				.map((removal) -> new OriginCall(status, null,
						(removal.segments() != null) ? removal.segments() : List.of()))
				.defaultIfEmpty(new OriginCall(status, null, List.of()));
		}
		// 404: the origin holds no such track (already removed): nothing left to delete
		return response.releaseBody()
			.thenReturn(new OriginCall(status, (status == 404) ? null : "HTTP " + status, List.of()));
	}

	/** A reason for a failed call, without exception text from elsewhere. */
	static String describe(Throwable error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (cause instanceof TimeoutException || cause.getClass().getSimpleName().contains("Timeout")) {
				return "timeout";
			}
			if (cause instanceof ConnectException) {
				return "connection refused";
			}
		}
		return "unreachable: " + error.getClass().getSimpleName();
	}

	private static List<TargetResult> sorted(List<TargetResult> results) {
		return results.stream().sorted(Comparator.comparing(TargetResult::url)).toList();
	}

	private static String bearer(Secret token) {
		return "Bearer " + token.reveal();
	}

	private static Secret orDefault(Secret token, Secret fallback) {
		return token.isEmpty() ? fallback : token;
	}

	private static String stripSlash(String url) {
		return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
	}

	@Override
	public void close() {
		this.connections.dispose();
	}

	/**
	 * The origin's answer, as far as the fan-out reads it.
	 *
	 * @param segments file names of the segments the origin deleted
	 */
	record OriginRemoval(List<String> segments) {
	}

	private record OriginCall(Integer status, String error, List<String> segments) {

		Done result(String url) {
			return new Done(new TargetResult("origin", url, this.status, this.error), this.segments);
		}

	}

	private record Done(TargetResult target, List<String> segments) {
	}

	/**
	 * The outcome at one target.
	 *
	 * @param service {@code origin}, {@code tracker} or {@code edge}
	 * @param url its base URL
	 * @param status the HTTP status it answered, {@code null} when it did not answer
	 * @param error why it failed ({@code HTTP 403}, {@code timeout},
	 * {@code connection refused}, ...), {@code null} when done
	 */
	public record TargetResult(String service, String url, Integer status, String error) {

		public boolean done() {
			return this.error == null;
		}

	}

}
