package cdn.client.http;

import java.time.Duration;

import cdn.client.net.Json;
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

	public HttpTrackerClient(HttpClient http, String baseUrl, Duration timeout) {
		this.http = http;
		this.baseUrl = baseUrl.replaceAll("/+$", "");
		this.timeout = timeout;
	}

	@Override
	public Mono<AnnounceResponse> announce(AnnounceRequest request) {
		return post("/v1/announce", request, AnnounceResponse.class);
	}

	@Override
	public Mono<PeerLookupResponse> lookup(PeerLookupRequest request) {
		return post("/v1/peers/lookup", request, PeerLookupResponse.class);
	}

	@Override
	public Mono<Void> report(String peerId, PeerReport report) {
		return post("/v1/peers/" + peerId + "/reports", report, Void.class).then();
	}

	private <T> Mono<T> post(String path, Object body, Class<T> answer) {
		return Mono.deferContextual((call) -> {
			byte[] json = Json.MAPPER.writeValueAsBytes(body);
			return TraceHeaders.of(this.http, call)
				.headers((headers) -> headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json"))
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
