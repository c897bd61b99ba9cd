package cdn.client.http;

import java.net.ConnectException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

import cdn.client.peer.PeerFailure;
import cdn.client.peer.PeerTransport;
import cdn.protocol.SegmentId;
import cdn.protocol.peer.PeerWire;
import cdn.protocol.tracker.PeerEntry;
import io.netty.handler.timeout.ReadTimeoutException;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.PrematureCloseException;

/**
 * The peer wire protocol over HTTP: {@code GET {endpoint}/p2p/segments/{segmentId}} → 200
 * bytes, 404 not held, 429/503 busy.
 */
public final class HttpPeerTransport implements PeerTransport {

	/** A peer never sends more than this for one segment. */
	static final int MAX_SEGMENT_BYTES = 16 * 1024 * 1024;

	private final HttpClient http;

	public HttpPeerTransport(HttpClient http) {
		this.http = http;
	}

	@Override
	public Mono<byte[]> fetch(PeerEntry peer, SegmentId segment, Duration stallTimeout) {
		String url = peer.endpoint() + PeerWire.segmentPath(segment);
		return Mono.deferContextual((call) -> TraceHeaders.of(this.http, call)
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

	private static PeerFailure.Exception classify(Throwable error) {
		Throwable cause = (error.getCause() != null) ? error.getCause() : error;
		if (error instanceof ReadTimeoutException || cause instanceof ReadTimeoutException
				|| error instanceof TimeoutException || cause instanceof TimeoutException) {
			return new PeerFailure.Exception(PeerFailure.TIMEOUT, "no answer in time");
		}
		if (error instanceof PrematureCloseException) {
			return new PeerFailure.Exception(PeerFailure.PROTOCOL_VIOLATION, "connection closed mid-answer");
		}
		if (cause instanceof ConnectException || error instanceof ConnectException) {
			return new PeerFailure.Exception(PeerFailure.UNREACHABLE, cause.getMessage());
		}
		return new PeerFailure.Exception(PeerFailure.UNREACHABLE, String.valueOf(error.getMessage()));
	}

}
