package cdn.tracker.sharing;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import cdn.protocol.tracker.AnnounceResponse;
import cdn.tracker.PeerApiRequests;
import cdn.protocol.tracker.PeerEntry;
import cdn.protocol.tracker.PeerLookupResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

import static cdn.kit.test.ServiceAssertions.expectProblem;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's P2P switches through the API: the kill switch of a region drops its
 * peers' holdings at their next announce and answers its lookups with no peer at once,
 * others keep sharing; clearing it brings them back; a rollout lets the same share of
 * listeners in every time; the admin API wants the operator token; in a relay-only track
 * a peer announced at a wire server is switched off whatever the switches say, and only
 * peers behind signaling are handed out. Run on each store ({@link P2pSwitchesIT},
 * {@link RedisP2pSwitchesIT}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "tracker.admin-token=operator-token-0123456789", "tracker.limits.peer-rate=0",
				"tracker.sharing.refresh=200ms", "tracker.sharing.relay-only[0].track=private-*",
				"tracker.sharing.relay-only[1].tenant=default", "tracker.sharing.relay-only[1].track=gdpr-show" })
@AutoConfigureWebTestClient
abstract class P2pSwitchesContract {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final String OPERATOR = "operator-token-0123456789";

	@Autowired
	WebTestClient client;

	@AfterEach
	void clear() {
		putRules("[]").expectStatus().isOk();
	}

	static String segment(String track) {
		return String.format("%064x", track.hashCode() & 0xffffffffL);
	}

	WebTestClient.ResponseSpec putRules(String json) {
		return this.client.put()
			.uri("/v1/admin/p2p")
			.contentType(MediaType.APPLICATION_JSON)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + OPERATOR)
			.bodyValue(json)
			.exchange();
	}

	AnnounceResponse announce(String peer, String region, String track) {
		return PeerApiRequests.announce(this.client, peer, region, track, segment(track));
	}

	/** {@code peer} announces (started) at {@code endpoint}, e.g. a signaling URL. */
	AnnounceResponse announceAt(String peer, String region, String track, String endpoint) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("peerId", peer);
		body.put("trackId", track);
		body.put("rendition", "a128");
		body.put("region", region);
		body.put("endpoint", endpoint);
		body.put("have", List.of(segment(track)));
		body.put("uploadKbps", 1000);
		body.put("event", "started");
		return this.client.post()
			.uri("/v1/announce")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(JSON.writeValueAsString(body))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(AnnounceResponse.class)
			.returnResult()
			.getResponseBody();
	}

	PeerLookupResponse lookup(String peer, String region, String track) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("segments", List.of(segment(track)));
		body.put("region", region);
		body.put("count", 20);
		body.put("exclude", peer);
		body.put("claim", List.of(segment(track)));
		return this.client.post()
			.uri("/v1/peers/lookup")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue(JSON.writeValueAsString(body))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(PeerLookupResponse.class)
			.returnResult()
			.getResponseBody();
	}

	List<String> holders(String peer, String region, String track) {
		return lookup(peer, region, track).segments().get(0).peers().stream().map(PeerEntry::peerId).sorted().toList();
	}

	@Test
	void aRegionsKillSwitchTurnsItsListenersToTheEdgeAndClearingItTurnsThemBack() {
		String track = "kill-me";
		assertThat(announce("eu-1", "eu-west", track).p2p()).isTrue();
		assertThat(announce("us-1", "us-east", track).p2p()).isTrue();
		assertThat(holders("asker-us", "us-east", track)).containsExactly("eu-1", "us-1");

		putRules("[{\"region\":\"eu-west\",\"percent\":0}]").expectStatus().isOk();
		// eu-west lookups: no peer, no claim, told why, at once
		PeerLookupResponse eu = lookup("asker-eu", "eu-west", track);
		assertThat(eu.p2p()).isFalse();
		assertThat(eu.segments().get(0).peers()).isEmpty();
		assertThat(eu.segments().get(0).claimedByRequester()).isFalse();
		// at its next announce the eu-west peer is told, and its holdings leave the index
		assertThat(announce("eu-1", "eu-west", track).p2p()).isFalse();
		assertThat(holders("asker-us", "us-east", track)).containsExactly("us-1");
		assertThat(announce("us-1", "us-east", track).p2p()).isTrue();

		putRules("[]").expectStatus().isOk();
		assertThat(announce("eu-1", "eu-west", track).p2p()).isTrue();
		assertThat(lookup("asker-eu", "eu-west", track).p2pOn()).isTrue();
		assertThat(holders("asker-us", "us-east", track)).containsExactly("eu-1", "us-1");
	}

	@Test
	void aTracksKillSwitchReachesItsListenersAtTheirNextAnnounce() {
		putRules("[{\"track\":\"doomed-*\",\"percent\":0}]").expectStatus().isOk();
		assertThat(announce("t-1", "eu-west", "doomed-song").p2p()).isFalse();
		assertThat(announce("t-2", "eu-west", "safe-song").p2p()).isTrue();
		assertThat(holders("asker", "eu-west", "doomed-song")).isEmpty();
		assertThat(holders("asker", "eu-west", "safe-song")).containsExactly("t-2");
	}

	@Test
	void aWireServerPeerOfARelayOnlyTrackIsHandedToNobodyWhilePeersBehindSignalingAre() {
		String track = "private-gig";
		String signaling = "wss://signaling.example/v1/signal";
		// an http peer would hand out its address: switched off, told so
		assertThat(announce("wire-1", "eu-west", track).p2p()).isFalse();
		assertThat(announceAt("wire-2", "eu-west", track, "https://203.0.113.7:7001").p2p()).isFalse();
		assertThat(announceAt("page-1", "eu-west", track, signaling).p2p()).isTrue();
		assertThat(announceAt("page-2", "us-east", track, "ws://127.0.0.1:8091/v1/signal").p2p()).isTrue();
		assertThat(holders("asker", "eu-west", track)).containsExactly("page-1", "page-2");
		assertThat(lookup("asker", "eu-west", track).p2pOn()).as("the asker itself is not switched off").isTrue();

		// a tenant's track (the default tenant without tokens), and open tracks alongside
		assertThat(announce("wire-3", "eu-west", "gdpr-show").p2p()).isFalse();
		assertThat(announce("wire-4", "eu-west", "gdpr-shows").p2p()).isTrue();
		assertThat(announce("wire-5", "eu-west", "open-gig").p2p()).isTrue();
		assertThat(holders("asker", "eu-west", "gdpr-show")).isEmpty();
		assertThat(holders("asker", "eu-west", "open-gig")).containsExactly("wire-5");

		// the operator's switches cannot turn it on; a kill switch still turns pages off
		putRules("[{\"track\":\"private-*\",\"percent\":100}]").expectStatus().isOk();
		assertThat(announce("wire-1", "eu-west", track).p2p()).isFalse();
		assertThat(holders("asker", "eu-west", track)).containsExactly("page-1", "page-2");
		putRules("[{\"track\":\"private-*\",\"percent\":0}]").expectStatus().isOk();
		assertThat(announceAt("page-1", "eu-west", track, signaling).p2p()).isFalse();
		assertThat(holders("asker-us", "us-east", track)).containsExactly("page-2");

		// a peer that moved its endpoint behind signaling shares again
		putRules("[]").expectStatus().isOk();
		assertThat(announceAt("wire-1", "eu-west", track, signaling).p2p()).isTrue();
		assertThat(holders("asker", "eu-west", track)).contains("wire-1");
	}

	@Test
	void aRolloutLetsTheSameShareOfListenersInEveryTime() {
		putRules("[{\"percent\":30}]").expectStatus().isOk();
		int on = 0;
		for (int i = 0; i < 200; i++) {
			boolean first = announce("roll-" + i, "us-east", "rollout").p2p();
			assertThat(announce("roll-" + i, "us-east", "rollout").p2p()).as("stable").isEqualTo(first);
			on += first ? 1 : 0;
		}
		assertThat(on).as("listeners with P2P of 200 at 30 %").isBetween(40, 80);
	}

	@Test
	void theAdminApiWantsTheOperatorTokenAndSaneRules() {
		expectProblem(this.client.put()
			.uri("/v1/admin/p2p")
			.contentType(MediaType.APPLICATION_JSON)
			.bodyValue("[]")
			.exchange(), 401);
		expectProblem(this.client.get()
			.uri("/v1/admin/p2p")
			.header(HttpHeaders.AUTHORIZATION, "Bearer not-the-operator-token")
			.exchange(), 403);
		expectProblem(putRules("[{\"percent\":101}]"), 400);
		expectProblem(putRules("[{\"region\":\"EU WEST\",\"percent\":0}]"), 400);
		expectProblem(putRules("{\"percent\":0}"), 400);
		putRules("[{\"tenant\":\"acme\",\"percent\":0}]").expectStatus().isOk();
		this.client.get()
			.uri("/v1/admin/p2p")
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + OPERATOR)
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$[0].tenant")
			.isEqualTo("acme")
			.jsonPath("$[0].percent")
			.isEqualTo(0);
	}

}
