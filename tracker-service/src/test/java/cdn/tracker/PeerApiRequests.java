package cdn.tracker;

import java.util.List;

import cdn.protocol.tracker.AnnounceRequest;
import cdn.protocol.tracker.AnnounceResponse;

import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/** Peer API calls as the tracker's ITs make them through a {@link WebTestClient}. */
public final class PeerApiRequests {

	private PeerApiRequests() {
	}

	/**
	 * {@code peer} of {@code region} announces (started) holding {@code segment} of
	 * {@code track}, without a token; the answer, which must be 200.
	 */
	public static AnnounceResponse announce(WebTestClient client, String peer, String region, String track,
			String segment) {
		return client.post()
			.uri("/v1/announce")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(AnnounceRequest.started(peer, track, "a128", region, "http://127.0.0.1:7001/" + peer,
					List.of(segment), 1000))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(AnnounceResponse.class)
			.returnResult()
			.getResponseBody();
	}

}
