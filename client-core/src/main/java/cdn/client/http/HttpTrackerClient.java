package cdn.client.http;

import java.time.Duration;

import cdn.client.net.Json;
import cdn.client.route.ListenerTokens;
import cdn.client.tracker.TrackerClient;
import cdn.client.tracker.TrackerException;
import cdn.protocol.tracker.AnnounceRequest;
import cdn.protocol.tracker.AnnounceResponse;
import cdn.protocol.tracker.PeerLookupRequest;
import cdn.protocol.tracker.PeerLookupResponse;
import cdn.protocol.tracker.PeerReport;
import io.netty.handler.codec.http.HttpHeaderNames;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

/**
 * {@link TrackerClient} over the tracker's HTTP API. Every call is bounded by a timeout.
 */
public final class HttpTrackerClient implements TrackerClient {

	private final HttpClient http;

	private final String baseUrl;

	private final Duration timeout;

	private final ListenerTokens tokens;

	/** A client of a tracker that requires no listener token. */
	public HttpTrackerClient(HttpClient http, String baseUrl, Duration timeout) {
		this(http, baseUrl, timeout, ListenerTokens.NONE);
	}

	/**
	 * @param tokens each call carries the token of the peer it is made as (the announcer,
	 * the asker of a lookup, the reporter)
	 */
	public HttpTrackerClient(HttpClient http, String baseUrl, Duration timeout, ListenerTokens tokens) {
		this.http = http;
		this.baseUrl = baseUrl.replaceAll("/+$", "");
		this.timeout = timeout;
		this.tokens = tokens;
	}

	@Override
	public Mono<AnnounceResponse> announce(AnnounceRequest request) {
		return post("/v1/announce", request, AnnounceResponse.class, request.peerId(), request.region());
	}

	@Override
	public Mono<PeerLookupResponse> lookup(PeerLookupRequest request) {
		return post("/v1/peers/lookup", request, PeerLookupResponse.class, request.exclude(), request.region());
	}

	@Override
	public Mono<Void> report(String peerId, PeerReport report) {
		return post("/v1/peers/" + peerId + "/reports", report, Void.class, report.reporter(), null).then();
	}

	/**
	 * @param as the peer the call is made as, whose token it carries; {@code null} for
	 * none
	 */
	private <T> Mono<T> post(String path, Object body, Class<T> answer, String as, String region) {
		Mono<String> token = (as != null) ? this.tokens.token(as, region) : Mono.empty();
		return token.map((value) -> "Bearer " + value)
			.defaultIfEmpty("")
			.flatMap((authorization) -> post(path, body, answer, authorization));
	}

	private <T> Mono<T> post(String path, Object body, Class<T> answer, String authorization) {
		return Mono.deferContextual((call) -> {
			byte[] json = Json.MAPPER.writeValueAsBytes(body);
			return TraceHeaders.of(this.http, call).headers((headers) -> {
				headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
				if (!authorization.isEmpty()) {
					headers.set(HttpHeaderNames.AUTHORIZATION, authorization);
				}
			})
				.post()
				.uri(this.baseUrl + path)
				.send(ByteBufFlux.fromString(Mono.just(new String(json, java.nio.charset.StandardCharsets.UTF_8))))
				.responseSingle((response, content) -> {
					int status = response.status().code();
					if (status / 100 != 2) {
						return content.asString()
							.defaultIfEmpty("")
							.flatMap((text) -> Mono.error(new TrackerException(status, text)));
					}
					if (answer == Void.class) {
						return content.then(Mono.empty());
					}
					return content.asByteArray().map((bytes) -> Json.MAPPER.readValue(bytes, answer));
				})
				.timeout(this.timeout);
		});
	}

}
