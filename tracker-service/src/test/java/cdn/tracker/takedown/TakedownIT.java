package cdn.tracker.takedown;

import java.util.List;

import cdn.protocol.tracker.AnnounceResponse;
import cdn.tracker.PeerApiRequests;
import cdn.protocol.tracker.PeerEntry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cdn.kit.test.ServiceAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's takedown through the API: at once no lookup names a holder of the track,
 * each of its listeners is told at its next announce and forgotten, other tracks are not
 * touched, lifting it lets them back; the operator token and a valid track id are
 * required. The store-level cases, on Redis too, are {@code PeerStoreContract}'s.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "tracker.admin-token=operator-token-0123456789", "tracker.limits.peer-rate=0" })
@AutoConfigureWebTestClient
class TakedownIT {

	static final String OPERATOR = "operator-token-0123456789";

	static final String SEGMENT = "ab".repeat(32);

	@Autowired
	WebTestClient client;

	WebTestClient.ResponseSpec admin(String method, String path) {
		return this.client.method(org.springframework.http.HttpMethod.valueOf(method))
			.uri(path)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + OPERATOR)
			.exchange();
	}

	AnnounceResponse announce(String peer, String track) {
		return PeerApiRequests.announce(this.client, peer, "eu-west", track, SEGMENT);
	}

	List<String> holders() {
		return this.client.get()
			.uri("/v1/peers?segment={s}&region=eu-west&count=20", SEGMENT)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBodyList(PeerEntry.class)
			.returnResult()
			.getResponseBody()
			.stream()
			.map(PeerEntry::peerId)
			.sorted()
			.toList();
	}

	@Test
	void aTakedownStopsTheTracksPeersAtOnceAndTellsItsListenersAtTheirNextAnnounce() {
		assertThat(announce("song-1", "hit-song").trackTakenDown()).isFalse();
		announce("cover-1", "cover-song");
		assertThat(holders()).containsExactly("cover-1", "song-1");

		admin("PUT", "/v1/admin/takedowns/hit-song").expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.trackId")
			.isEqualTo("hit-song")
			.jsonPath("$.takenDown")
			.isEqualTo(true);
		assertThat(holders()).as("at once").containsExactly("cover-1");
		AnnounceResponse told = announce("song-1", "hit-song");
		assertThat(told.trackTakenDown()).isTrue();
		assertThat(told.p2pOn()).isFalse();
		assertThat(announce("cover-1", "cover-song").trackTakenDown()).isFalse();
		admin("GET", "/v1/admin/takedowns").expectStatus().isOk().expectBody().json("[\"hit-song\"]");

		admin("DELETE", "/v1/admin/takedowns/hit-song").expectStatus().isNoContent();
		assertThat(announce("song-1", "hit-song").trackTakenDown()).isFalse();
		assertThat(holders()).containsExactly("cover-1", "song-1");
		admin("GET", "/v1/admin/takedowns").expectStatus().isOk().expectBody().json("[]");
	}

	@Test
	void theOperatorTokenAndAValidTrackIdAreRequired() {
		expectProblem(this.client.put().uri("/v1/admin/takedowns/hit-song").exchange(), 401);
		expectProblem(this.client.put()
			.uri("/v1/admin/takedowns/hit-song")
			.header(HttpHeaders.AUTHORIZATION, "Bearer someone-else-0123456789")
			.exchange(), 403);
		expectProblem(admin("PUT", "/v1/admin/takedowns/Not A Track!"), 400);
		admin("GET", "/v1/admin/takedowns").expectStatus().isOk().expectBody().json("[]");
	}

}
