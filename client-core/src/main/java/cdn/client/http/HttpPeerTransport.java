package cdn.client.http;

import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

import cdn.client.net.Json;
import cdn.client.peer.PeerExchange;
import cdn.client.peer.PeerFailure;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import cdn.client.peer.PeerTransport;
import cdn.protocol.SegmentId;
import cdn.protocol.peer.PeerWire;
import cdn.protocol.tracker.PeerEntry;
import cdn.protocol.tracker.PeerLookupResponse;
import cdn.protocol.tracker.SegmentPeers;
import io.netty.handler.timeout.ReadTimeoutException;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.PrematureCloseException;

/**
 * The peer wire protocol over HTTP: {@code GET {endpoint}/p2p/segments/{segmentId}} → 200
 * bytes, 404 not held, 429/503 busy. A peer whose entry carries a key pin is asked over
 * TLS that accepts only that key ({@link PeerTls}); a handshake with any other key fails
 * before the request is sent ({@code UNREACHABLE}).
 */
public final class HttpPeerTransport implements PeerTransport {

	/** A peer never sends more than this for one segment. */
	static final int MAX_SEGMENT_BYTES = 16 * 1024 * 1024;

	/**
	 * Pins asked recently: one client (and connection pool) per peer server's key. Give
	 * the clients' connection provider {@code disposeInactivePoolsInBackground} (as
	 * sim-client does): an evicted client's pool is otherwise kept.
	 */
	private static final int PINNED_CLIENTS = 1024;

	private final HttpClient http;

	private final Cache<String, HttpClient> pinned = Caffeine.newBuilder()
		.maximumSize(PINNED_CLIENTS)
		.expireAfterAccess(Duration.ofMinutes(10))
		.build();

	public HttpPeerTransport(HttpClient http) {
		this.http = http;
	}

	@Override
	public Mono<byte[]> fetch(PeerEntry peer, SegmentId segment, Duration stallTimeout) {
		String url = peer.endpoint() + PeerWire.segmentPath(segment);
		HttpClient client = clientFor(peer);
		return Mono.deferContextual((call) -> TraceHeaders.of(client, call)
			.responseTimeout(stallTimeout)
			.get()
			.uri(url)
			.responseSingle((response, body) -> {
				int status = response.status().code();
				long length = response.responseHeaders().getInt("Content-Length", -1);
				if (length > MAX_SEGMENT_BYTES) {
					return body.then(Mono.error(new PeerFailure.Exception(PeerFailure.PROTOCOL_VIOLATION,
							"announced " + length + " bytes")));
				}
				if (status == 200) {
					return body.asByteArray()
						.switchIfEmpty(Mono
							.error(() -> new PeerFailure.Exception(PeerFailure.PROTOCOL_VIOLATION, "empty body")));
				}
				PeerFailure failure = switch (status) {
					case 404 -> PeerFailure.SEGMENT_ABSENT;
					case 429, 503 -> PeerFailure.BUSY;
					default -> PeerFailure.PROTOCOL_VIOLATION;
				};
				return body.then(Mono.error(new PeerFailure.Exception(failure, "status " + status)));
			}))
			// the whole answer, not just its start, must come within a bounded time
			.timeout(stallTimeout.multipliedBy(4))
			.onErrorMap((error) -> !(error instanceof PeerFailure.Exception), HttpPeerTransport::classify);
	}

	/** An exchange answer is a few KiB; a peer never sends more than this. */
	static final int MAX_EXCHANGE_BYTES = 256 * 1024;

	@Override
	public Mono<List<SegmentPeers>> exchange(PeerEntry peer, List<SegmentId> segments, String region,
			Duration timeout) {
		if (segments.isEmpty()) {
			return Mono.just(List.of());
		}
		String url = peer.endpoint() + PeerWire.PEERS_PATH + "?segments="
				+ segments.stream().map(SegmentId::value).collect(Collectors.joining(",")) + "&region=" + region;
		return clientFor(peer).responseTimeout(timeout).get().uri(url).responseSingle((response, body) -> {
			if (response.status().code() != 200
					|| response.responseHeaders().getInt("Content-Length", 0) > MAX_EXCHANGE_BYTES) {
				return body.then(Mono.just(List.<SegmentPeers>of()));
			}
			return body.asByteArray()
				.map((bytes) -> (bytes.length > MAX_EXCHANGE_BYTES) ? List.<SegmentPeers>of()
						: PeerExchange.bounded(segments, Json.MAPPER.readValue(bytes, PeerLookupResponse.class)));
		})
			.timeout(timeout.multipliedBy(2))
			// a peer that does not answer, or answers nonsense, told nothing
			.onErrorResume((error) -> Mono.just(List.of()));
	}

	private HttpClient clientFor(PeerEntry peer) {
		String pin = peer.endpointPin();
		if (pin == null) {
			return this.http;
		}
		return this.pinned.get(pin,
				(key) -> this.http.secure((spec) -> spec.sslContext(PeerTls.pinnedClientContext(key))
					// the pin is the peer's identity: its certificate names no host
					.handlerConfigurator((handler) -> {
						SSLParameters parameters = handler.engine().getSSLParameters();
						parameters.setEndpointIdentificationAlgorithm(null);
						handler.engine().setSSLParameters(parameters);
					})));
	}

	private static PeerFailure.Exception classify(Throwable error) {
		Throwable cause = (error.getCause() != null) ? error.getCause() : error;
		if (error instanceof ReadTimeoutException || cause instanceof ReadTimeoutException
				|| error instanceof TimeoutException || cause instanceof TimeoutException) {
			return new PeerFailure.Exception(PeerFailure.TIMEOUT, "no answer in time");
		}
		if (error instanceof PrematureCloseException) {
			return new PeerFailure.Exception(PeerFailure.PROTOCOL_VIOLATION, "connection closed mid-answer");
		}
		if (cause instanceof SSLException || error instanceof SSLException) {
			return new PeerFailure.Exception(PeerFailure.UNREACHABLE, "TLS: " + cause.getMessage());
		}
		if (cause instanceof ConnectException || error instanceof ConnectException) {
			return new PeerFailure.Exception(PeerFailure.UNREACHABLE, cause.getMessage());
		}
		return new PeerFailure.Exception(PeerFailure.UNREACHABLE, String.valueOf(error.getMessage()));
	}

}
