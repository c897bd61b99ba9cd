package cdn.signaling.relay;

import java.util.List;

import cdn.signaling.config.SignalingProperties.RelayOnlyRule;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * What a relay-only listener signals, cleaned: candidates as the web player and the Java
 * client send them, descriptions as browsers write them.
 */
class CandidateFilterTest {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static final String HOST = "candidate:1 1 udp 2122260223 192.168.1.20 53211 typ host generation 0";

	static final String MDNS = "candidate:2 1 udp 2122260223 3b2f4c1e-aa.local 53212 typ host generation 0";

	static final String SRFLX = "candidate:3 1 udp 1686052607 203.0.113.7 53211 typ srflx raddr 192.168.1.20 rport 53211";

	static final String PRFLX = "candidate:4 1 udp 1853824767 203.0.113.7 60000 typ prflx raddr 0.0.0.0 rport 0";

	static final String RELAY = "candidate:5 1 udp 41885439 198.51.100.9 49170 typ relay raddr 203.0.113.7 rport 53211 generation 0";

	static final String RELAY_ZEROED = "candidate:5 1 udp 41885439 198.51.100.9 49170 typ relay raddr 0.0.0.0 rport 0 generation 0";

	static JsonNode json(String json) {
		return JSON.readTree(json);
	}

	static String single(String candidate) {
		return "{\"cid\":\"c-1\",\"candidate\":" + entry(candidate) + "}";
	}

	static String entry(String candidate) {
		return "{\"candidate\":\"" + candidate + "\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}";
	}

	@Test
	void aRelayCandidateGoesWithItsRelatedAddressZeroed() {
		CandidateFilter.Filtered filtered = CandidateFilter.candidates(json(single(RELAY)));
		assertThat(filtered.dropped()).isZero();
		assertThat(filtered.data().get("cid").asString()).isEqualTo("c-1");
		assertThat(filtered.data().get("candidate").get("candidate").asString()).isEqualTo(RELAY_ZEROED);
		assertThat(filtered.data().get("candidate").get("sdpMid").asString()).isEqualTo("0");
		assertThat(CandidateFilter.relayLine(RELAY.replace("raddr 203.0.113.7", "raddr 2001:db8::7")))
			.contains("raddr :: rport 0");
	}

	@Test
	void hostServerReflexiveAndPeerReflexiveCandidatesAreDropped() {
		for (String candidate : List.of(HOST, MDNS, SRFLX, PRFLX, "a=" + HOST, "not a candidate at all")) {
			CandidateFilter.Filtered filtered = CandidateFilter.candidates(json(single(candidate)));
			assertThat(filtered.data()).as(candidate).isNull();
			assertThat(filtered.dropped()).isEqualTo(1);
		}
		// a candidate as a plain string, and one with no line at all
		assertThat(CandidateFilter.candidates(json("{\"cid\":\"c\",\"candidate\":\"" + HOST + "\"}")).data()).isNull();
		assertThat(CandidateFilter.candidates(json("{\"cid\":\"c\",\"candidate\":{\"sdpMid\":\"0\"}}")).data())
			.isNull();
		assertThat(CandidateFilter.candidates(json("\"" + SRFLX + "\"")).data()).isNull();
	}

	@Test
	void aBatchKeepsItsRelaysAndIsDroppedWhenNoneIsLeft() {
		String batch = "{\"cid\":\"c-2\",\"candidates\":[" + entry(HOST) + "," + entry(RELAY) + "," + entry(SRFLX)
				+ "]}";
		CandidateFilter.Filtered filtered = CandidateFilter.candidates(json(batch));
		assertThat(filtered.dropped()).isEqualTo(2);
		assertThat(filtered.data().get("cid").asString()).isEqualTo("c-2");
		assertThat(filtered.data().get("candidates")).hasSize(1);
		assertThat(filtered.data().get("candidates").get(0).get("candidate").asString()).isEqualTo(RELAY_ZEROED);

		CandidateFilter.Filtered none = CandidateFilter
			.candidates(json("{\"cid\":\"c-3\",\"candidates\":[{\"candidate\":\"" + HOST + "\"},\"" + SRFLX + "\"]}"));
		assertThat(none.data()).isNull();
		assertThat(none.dropped()).isEqualTo(2);
		assertThat(CandidateFilter.candidates(json("{\"cid\":\"c\",\"candidates\":\"" + HOST + "\"}")).data()).isNull();
	}

	@Test
	void theEndOfCandidatesAndDataWithoutACandidateCarryNoAddressAndGo() {
		JsonNode end = json("{\"cid\":\"c\",\"candidate\":{\"candidate\":\"\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}}");
		assertThat(CandidateFilter.candidates(end).data()).isEqualTo(end);
		JsonNode bare = json("{\"cid\":\"c\"}");
		assertThat(CandidateFilter.candidates(bare).data()).isEqualTo(bare);
		assertThat(CandidateFilter.candidates(json("{\"cid\":\"c\",\"candidate\":null}")).dropped()).isZero();
	}

	@Test
	void aDescriptionLosesEveryAddressButItsRelays() {
		String sdp = String.join("\r\n", "v=0", "o=- 4611731400430051336 2 IN IP4 192.168.1.20", "s=-", "t=0 0",
				"a=group:BUNDLE 0", "m=application 53211 UDP/DTLS/SCTP webrtc-datachannel", "c=IN IP4 203.0.113.7",
				"a=rtcp:9 IN IP4 192.168.1.20", "a=rtcp-mux", "a=" + HOST, "a=" + SRFLX, "a=" + RELAY,
				"a=remote-candidates:1 192.0.2.3 45664", "a=end-of-candidates", "a=ice-ufrag:abcd", "a=mid:0",
				"a=sctp-port:5000", "");
		CandidateFilter.Filtered filtered = CandidateFilter
			.description(JSON.createObjectNode().put("cid", "c-4").put("sdp", sdp));

		assertThat(filtered.dropped()).isEqualTo(3);
		String cleaned = filtered.data().get("sdp").asString();
		assertThat(cleaned).isEqualTo(String.join("\r\n", "v=0", "o=- 4611731400430051336 2 IN IP4 0.0.0.0", "s=-",
				"t=0 0", "a=group:BUNDLE 0", "m=application 53211 UDP/DTLS/SCTP webrtc-datachannel", "c=IN IP4 0.0.0.0",
				"a=rtcp:9 IN IP4 0.0.0.0", "a=rtcp-mux", "a=" + RELAY_ZEROED, "a=end-of-candidates", "a=ice-ufrag:abcd",
				"a=mid:0", "a=sctp-port:5000", ""));
		assertThat(cleaned).doesNotContain("192.168.1.20", "203.0.113.7", "192.0.2.3");
		assertThat(filtered.data().get("cid").asString()).isEqualTo("c-4");
		// an answer that says busy has no description: as it is
		JsonNode busy = json("{\"cid\":\"c\",\"busy\":true}");
		assertThat(CandidateFilter.description(busy).data()).isEqualTo(busy);
		assertThat(CandidateFilter.description(json("{\"sdp\":\"v=0\\nc=IN IP6 2001:db8::1\\n\"}"))
			.data()
			.get("sdp")
			.asString()).isEqualTo("v=0\nc=IN IP6 ::\n");
	}

	@Test
	void rulesMatchTenantsAndTracksAsTheTrackersDo() {
		RelayOnly relayOnly = new RelayOnly(List.of(new RelayOnlyRule("gdpr", null),
				new RelayOnlyRule(null, "private-*"), new RelayOnlyRule("acme", "secret-show")));
		assertThat(relayOnly.applies("gdpr", "anything")).isTrue();
		assertThat(relayOnly.applies("gdpr", null)).as("a tenant rule, no track asked").isTrue();
		assertThat(relayOnly.applies("other", "private-gig")).isTrue();
		assertThat(relayOnly.applies("other", null)).as("a track rule needs the track").isFalse();
		assertThat(relayOnly.applies("acme", "secret-show")).isTrue();
		assertThat(relayOnly.applies("acme", "secret-shows")).isFalse();
		assertThat(relayOnly.applies("other", "concert-pitch")).isFalse();
		assertThat(relayOnly.appliesToSwarm("other", "private-gig/a128")).isTrue();
		assertThat(relayOnly.appliesToSwarm("other", "concert-pitch/a128")).isFalse();
		assertThat(new RelayOnly(List.of(new RelayOnlyRule(null, null))).applies("any", null)).isTrue();
		assertThat(new RelayOnly(List.of()).appliesToSwarm("gdpr", "private-gig/a128")).isFalse();

		assertThatIllegalArgumentException().isThrownBy(() -> new RelayOnlyRule("no spaces", null));
		assertThatIllegalArgumentException().isThrownBy(() -> new RelayOnlyRule(null, "Not-A-Track"));
		assertThatIllegalArgumentException().isThrownBy(() -> new RelayOnlyRule(null, "pre*fix*"));
	}

}
