package cdn.tracker.sharing;

import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import cdn.kit.security.ListenerClaims;
import cdn.kit.security.ListenerTokenIssuer;
import cdn.kit.test.TestTokenKeys;
import cdn.protocol.tracker.AnnounceRequest;
import cdn.protocol.tracker.PeerEntry;
import cdn.protocol.tracker.PeerLookupResponse;
import cdn.protocol.tracker.SegmentPeers;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tenants and residency through the peer API, with listener tokens: the tenant and the
 * region are the token's, so neither a body nor a query can move a listener into another
 * tenant's swarm or past a residency seal. Run on each store ({@link SharingIT},
 * {@link RedisSharingIT}).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "tracker.sharing.zones.eu=eu-west,eu-central", "tracker.sharing.residency[0].track=gdpr-*",
				"tracker.sharing.residency[0].scope=region", "tracker.sharing.residency[1].tenant=acme",
				"tracker.sharing.residency[1].track=euro-*", "tracker.sharing.residency[1].scope=zone",
				"tracker.sharing.residency[1].zone=eu", "tracker.limits.peer-rate=0" })
@AutoConfigureWebTestClient
abstract class SharingContract {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final Path KEYS = TestTokenKeys.newDirectory();

	static final ListenerTokenIssuer ROUTER = new ListenerTokenIssuer(TestTokenKeys.signing(KEYS), Clock.systemUTC());

	/** Lookups repeated: sampling is random, a leak must not hide behind it. */
	static final int ROUNDS = 20;

	@Autowired
	WebTestClient client;

	@DynamicPropertySource
	static void tokens(DynamicPropertyRegistry registry) {
		registry.add("tracker.tokens.keys-dir", KEYS::toString);
	}

	/** One segment per track: the tests' swarms do not mix. */
	static String segment(String track) {
		return String.format("%064x", track.hashCode() & 0xffffffffL);
	}

	static String token(String peer, String region, String tenant) {
		return ROUTER.issue(ListenerClaims.forAllServices(peer, region, tenant));
	}

	/**
	 * {@code peer} announces holding {@code track}'s segment, naming {@code bodyRegion}.
	 */
	void announce(String peer, String tenant, String tokenRegion, String bodyRegion, String track) {
		AnnounceRequest body = AnnounceRequest.started(peer, track, "a128", bodyRegion, "http://127.0.0.1:7001/" + peer,
				List.of(segment(track)), 1000);
		this.client.post()
			.uri("/v1/announce")
			.contentType(MediaType.APPLICATION_JSON)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token(peer, tokenRegion, tenant))
			.bodyValue(body)
			.exchange()
			.expectStatus()
			.isOk();
	}

	void announce(String peer, String tenant, String region, String track) {
		announce(peer, tenant, region, region, track);
	}

	/** A batched lookup with a claim, as listeners send it. */
	SegmentPeers lookup(String peer, String tenant, String tokenRegion, String bodyRegion, String track) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("segments", List.of(segment(track)));
		body.put("region", bodyRegion);
		body.put("count", 20);
		body.put("exclude", peer);
		body.put("claim", List.of());
		return this.client.post()
			.uri("/v1/peers/lookup")
			.contentType(MediaType.APPLICATION_JSON)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token(peer, tokenRegion, tenant))
			.bodyValue(JSON.writeValueAsString(body))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(PeerLookupResponse.class)
			.returnResult()
			.getResponseBody()
			.segments()
			.get(0);
	}

	/** The single form, as the seed's clients send it. */
	List<PeerEntry> peers(String peer, String tenant, String region, String track) {
		return this.client.get()
			.uri("/v1/peers?segment={s}&region={r}&count=20&exclude={p}", segment(track), region, peer)
			.header(HttpHeaders.AUTHORIZATION, "Bearer " + token(peer, region, tenant))
			.exchange()
			.expectStatus()
			.isOk()
			.expectBodyList(PeerEntry.class)
			.returnResult()
			.getResponseBody();
	}

	List<String> holders(String peer, String tenant, String region, String track) {
		SegmentPeers batched = lookup(peer, tenant, region, region, track);
		List<String> single = peers(peer, tenant, region, track).stream().map(PeerEntry::peerId).sorted().toList();
		List<String> ids = batched.peers().stream().map(PeerEntry::peerId).sorted().toList();
		assertThat(single).as("both lookup forms agree").isEqualTo(ids);
		assertThat(batched.availability()).as("availability counts only what the listener may see")
			.isEqualTo(ids.size());
		return ids;
	}

	@Test
	void aTenantNeverSeesAnotherTenantsPeers() {
		String track = "shared-hit";
		announce("acme-eu", "acme", "eu-west", track);
		announce("acme-ap", "acme", "ap-south", track);
		announce("bravo-eu", "bravo", "eu-west", track);
		announce("bravo-us", "bravo", "us-east", track);
		for (int i = 0; i < ROUNDS; i++) {
			assertThat(holders("acme-x", "acme", "eu-west", track)).containsExactly("acme-ap", "acme-eu");
			assertThat(holders("bravo-x", "bravo", "ap-south", track)).containsExactly("bravo-eu", "bravo-us");
			assertThat(holders("nobody-x", "charlie", "eu-west", track)).isEmpty();
		}
	}

	@Test
	void anEuWestPeerOfARegionSealedTrackIsNeverGivenToAnApSouthListener() {
		String track = "gdpr-talk";
		announce("gdpr-eu", "acme", "eu-west", track);
		announce("gdpr-ap", "acme", "ap-south", track);
		for (int i = 0; i < ROUNDS; i++) {
			assertThat(holders("listener-ap", "acme", "ap-south", track)).containsExactly("gdpr-ap");
			assertThat(holders("listener-eu", "acme", "eu-west", track)).containsExactly("gdpr-eu");
			assertThat(holders("listener-us", "acme", "us-east", track)).isEmpty();
		}
	}

	@Test
	void theTokensRegionWinsOverTheRegionABodyOrQueryNames() {
		String track = "gdpr-news";
		// a peer of ap-south says eu-west: it is kept in ap-south
		announce("liar-ap", "acme", "ap-south", "eu-west", track);
		announce("honest-eu", "acme", "eu-west", track);
		for (int i = 0; i < ROUNDS; i++) {
			assertThat(lookup("asker-eu", "acme", "eu-west", "eu-west", track).peers()).extracting(PeerEntry::peerId)
				.containsExactly("honest-eu");
			// an ap-south listener naming eu-west still sees only ap-south
			assertThat(lookup("asker-ap", "acme", "ap-south", "eu-west", track).peers()).extracting(PeerEntry::peerId)
				.containsExactly("liar-ap");
		}
	}

	@Test
	void aZoneSealedTrackStaysInItsZone() {
		String track = "euro-vision";
		announce("euro-west", "acme", "eu-west", track);
		announce("euro-ap", "acme", "ap-south", track);
		for (int i = 0; i < ROUNDS; i++) {
			assertThat(holders("x-central", "acme", "eu-central", track)).containsExactly("euro-west");
			assertThat(holders("x-ap", "acme", "ap-south", track)).containsExactly("euro-ap");
			assertThat(holders("x-us", "acme", "us-east", track)).isEmpty();
		}
		// the rule is acme's: bravo's peers of the same track go anywhere in bravo
		announce("bravo-west", "bravo", "eu-west", track);
		assertThat(holders("bravo-ap", "bravo", "ap-south", track)).containsExactly("bravo-west");
	}

}
