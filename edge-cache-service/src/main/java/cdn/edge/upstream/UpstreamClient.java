package cdn.edge.upstream;

import java.net.URI;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import cdn.edge.config.EdgeProperties;
import cdn.edge.content.ContentPath;
import cdn.kit.signedurl.SignedUrlGate;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.observation.ObservationRegistry;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelOption;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Fetches whole objects from the upstream: the shield that owns the key, else the origin.
 * The URL is only ever a configured base URL plus a validated {@link ContentPath}; no
 * client header is forwarded and redirects are not followed, so the edge is no open
 * proxy. Every answer is checked before anyone sees it: length against
 * {@code Content-Length}, a segment's SHA-256 against its id. A 5xx, refused or broken
 * attempt gets one retry on the next candidate, within the {@link RetryBudget}.
 */
public class UpstreamClient implements DisposableBean {

	private final WebClient client;

	private final ConnectionProvider connections;

	/**
	 * Event loops of its own: the global ones are disposed by whichever application
	 * context closes first, which would strand this client when several share a JVM.
	 */
	private final LoopResources loops;

	private final ShieldSelector selector;

	private final EdgeProperties.Fetch settings;

	private final RetryBudget retryBudget;

	private final String userAgent;

	private final Map<UpstreamFailure, Timer> failedFetches = new EnumMap<>(UpstreamFailure.class);

	private final Timer okFetches;

	private final SignedUrlGate signatures;

	private final Timer notModifiedFetches;

	public UpstreamClient(EdgeProperties properties, MeterRegistry registry) {
		this(properties, registry, ObservationRegistry.NOOP, null);
	}

	/**
	 * @param observations each fetch is an {@code http.client.requests} observation: a
	 * client span carrying the requester's trace (W3C {@code traceparent}) to the shield
	 * or the origin
	 * @param signatures signs each fetch (a header) when the edge has URL signing keys (a
	 * shield or an origin may require them); {@code null}: fetches are not signed
	 */
	public UpstreamClient(EdgeProperties properties, MeterRegistry registry, ObservationRegistry observations,
			SignedUrlGate signatures) {
		this.signatures = signatures;
		this.settings = properties.fetch();
		this.selector = new ShieldSelector(properties.upstream(), properties.shields());
		this.retryBudget = new RetryBudget(this.settings.retryBudget());
		this.userAgent = "cdn-edge/" + properties.region();
		this.connections = ConnectionProvider.builder("edge-upstream")
			.maxConnections(this.settings.maxConnections())
			.pendingAcquireTimeout(this.settings.timeout())
			.maxIdleTime(java.time.Duration.ofSeconds(30))
			.build();
		this.loops = LoopResources.create("edge-upstream", Math.max(1, Runtime.getRuntime().availableProcessors()),
				true);
		HttpClient http = HttpClient.create(this.connections)
			.runOn(this.loops)
			.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) this.settings.connectTimeout().toMillis())
			// bodies are whole segments: read them in large chunks from the start
			.option(ChannelOption.RCVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(1024, 64 * 1024, 1024 * 1024))
			.responseTimeout(this.settings.timeout())
			.keepAlive(this.settings.keepAlive())
			.followRedirect(false)
			.compress(false);
		this.client = WebClient.builder()
			.clientConnector(new ReactorClientHttpConnector(http))
			.observationRegistry(observations)
			.build();
		for (UpstreamFailure kind : UpstreamFailure.values()) {
			this.failedFetches.put(kind, timer(registry, kind.tag()));
		}
		this.okFetches = timer(registry, "ok");
		this.notModifiedFetches = timer(registry, "not_modified");
	}

	/**
	 * A dozen fixed latency buckets rather than Micrometer's 69 per outcome, which made
	 * the edge's scrape 690 bucket series (110 KB) for ten outcomes. Every outcome has
	 * them: Prometheus's client cannot mix histograms and summaries in one metric family.
	 */
	private static Timer timer(MeterRegistry registry, String outcome) {
		return Timer.builder("cdn.edge.upstream.fetch")
			.description("Upstream fetch attempts, by outcome")
			.tag("outcome", outcome)
			.serviceLevelObjectives(LATENCY_BUCKETS)
			.register(registry);
	}

	private static final Duration[] LATENCY_BUCKETS = Stream
		.of(2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000)
		.map(Duration::ofMillis)
		.toArray(Duration[]::new);

	public ShieldSelector selector() {
		return this.selector;
	}

	/**
	 * The object at {@code path}, conditional on {@code etag} when one is given (a
	 * {@code 304} then comes back as {@link UpstreamResponse#notModified()}). Fails with
	 * an {@link UpstreamException}.
	 */
	public Mono<UpstreamResponse> fetch(ContentPath path, String etag) {
		List<URI> candidates = this.selector.candidates(path.value());
		this.retryBudget.onFetch();
		return attempt(candidates.get(0), path, etag).onErrorResume((error) -> {
			UpstreamFailure kind = UpstreamFailure.classify(error);
			if (!kind.retryable() || !this.retryBudget.tryRetry()) {
				return Mono.error(UpstreamException.of(error));
			}
			URI next = candidates.get(Math.min(1, candidates.size() - 1));
			return Mono.delay(this.settings.retryDelay())
				.then(attempt(next, path, etag))
				.onErrorMap((retryError) -> UpstreamException.of(retryError));
		});
	}

	private Mono<UpstreamResponse> attempt(URI base, ContentPath path, String etag) {
		return Mono.defer(() -> {
			// signed per attempt: a retry after a pause gets a signature of its own
			String signature = (this.signatures != null) ? this.signatures.signUpstream(path.value()) : null;
			URI url = URI.create(stripTrailingSlash(base.toString()) + path.value());
			long start = System.nanoTime();
			return this.client.get().uri(url).headers((headers) -> {
				headers.set(HttpHeaders.USER_AGENT, this.userAgent);
				if (signature != null) {
					headers.set(SignedUrlGate.HEADER, signature);
				}
				if (etag != null) {
					headers.set(HttpHeaders.IF_NONE_MATCH, etag);
				}
			})
				.exchangeToMono((response) -> read(response, path))
				.switchIfEmpty(Mono.error(() -> new UpstreamException(UpstreamFailure.UPSTREAM_ERROR)))
				.timeout(this.settings.timeout())
				.doOnSuccess((response) -> (response.notModified() ? this.notModifiedFetches : this.okFetches)
					.record(System.nanoTime() - start, TimeUnit.NANOSECONDS))
				.doOnError((error) -> this.failedFetches.get(UpstreamFailure.classify(error))
					.record(System.nanoTime() - start, TimeUnit.NANOSECONDS));
		});
	}

	private Mono<UpstreamResponse> read(ClientResponse response, ContentPath path) {
		int status = response.statusCode().value();
		HttpHeaders headers = response.headers().asHttpHeaders();
		if (status == 304) {
			return response.releaseBody().thenReturn(answer(true, new byte[0], headers));
		}
		if (status != 200) {
			return response.releaseBody().then(Mono.error(failure(status)));
		}
		OptionalLong declared = response.headers().contentLength();
		int limit = (int) this.settings.maxObjectSize().toBytes();
		if (declared.isPresent() && declared.getAsLong() > limit) {
			return response.releaseBody().then(Mono.error(new UpstreamException(UpstreamFailure.TOO_LARGE)));
		}
		return DataBufferUtils.join(response.body(BodyExtractors.toDataBuffers()), limit)
			.map(UpstreamClient::toBytes)
			.defaultIfEmpty(new byte[0])
			.map((body) -> check(path, body, declared))
			.map((body) -> answer(false, body, headers));
	}

	private static UpstreamException failure(int status) {
		if (status == 404) {
			return new UpstreamException(UpstreamFailure.NOT_FOUND);
		}
		if (status >= 400 && status < 500) {
			return new UpstreamException(UpstreamFailure.REJECTED, status);
		}
		return new UpstreamException(UpstreamFailure.UPSTREAM_ERROR);
	}

	private static byte[] check(ContentPath path, byte[] body, OptionalLong declared) {
		if (declared.isPresent() && declared.getAsLong() != body.length) {
			throw new UpstreamException(UpstreamFailure.TRUNCATED);
		}
		if (path.isSegment() && !path.segment().id().matches(body)) {
			throw new UpstreamException(UpstreamFailure.INTEGRITY);
		}
		return body;
	}

	private static UpstreamResponse answer(boolean notModified, byte[] body, HttpHeaders headers) {
		return new UpstreamResponse(notModified, body, headers.getFirst(HttpHeaders.CONTENT_TYPE),
				headers.getFirst(HttpHeaders.ETAG), headers.getFirst(HttpHeaders.CACHE_CONTROL), age(headers));
	}

	private static long age(HttpHeaders headers) {
		String age = headers.getFirst(HttpHeaders.AGE);
		if (age == null) {
			return 0;
		}
		try {
			return Math.max(0, Long.parseLong(age.strip()));
		}
		catch (NumberFormatException ex) {
			return 0;
		}
	}

	private static byte[] toBytes(DataBuffer buffer) {
		try {
			byte[] bytes = new byte[buffer.readableByteCount()];
			buffer.read(bytes);
			return bytes;
		}
		finally {
			DataBufferUtils.release(buffer);
		}
	}

	private static String stripTrailingSlash(String base) {
		return base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
	}

	@Override
	public void destroy() {
		this.connections.disposeLater().block(java.time.Duration.ofSeconds(5));
		this.loops.disposeLater(java.time.Duration.ofMillis(100), java.time.Duration.ofSeconds(5))
			.block(java.time.Duration.ofSeconds(6));
	}

}
