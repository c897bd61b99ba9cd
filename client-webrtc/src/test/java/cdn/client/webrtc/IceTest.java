package cdn.client.webrtc;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An {@code /v1/ice-servers} answer read as a listener's {@link Ice}: its servers, and
 * relayed only when the listener asked for it ({@code --relay-only}) or the answer says
 * {@code iceTransportPolicy: relay} (a relay-only tenant or track).
 */
class IceTest {

	static final JsonMapper JSON = JsonMapper.builder().build();

	static JsonNode answer(String policy) {
		return JSON.readTree("{\"iceServers\":[{\"urls\":[\"stun:127.0.0.1:3478\"]},"
				+ "{\"urls\":[\"turn:127.0.0.1:3478?transport=udp\",\"turn:127.0.0.1:3478?transport=tcp\"],"
				+ "\"username\":\"1700000000:j-1\",\"credential\":\"c3VyZQ==\"},{\"urls\":\"turn:10.0.0.1:3478\"}],"
				+ "\"ttlSeconds\":3600" + ((policy != null) ? ",\"iceTransportPolicy\":\"" + policy + "\"" : "") + "}");
	}

	@Test
	void theServersOfTheAnswerWithTheirCredentials() {
		Ice ice = Ice.of(answer("all"), false);
		assertThat(ice.servers()).hasSize(3);
		assertThat(ice.servers().get(0).urls).containsExactly("stun:127.0.0.1:3478");
		assertThat(ice.servers().get(0).username).isNull();
		assertThat(ice.servers().get(1).urls).containsExactly("turn:127.0.0.1:3478?transport=udp",
				"turn:127.0.0.1:3478?transport=tcp");
		assertThat(ice.servers().get(1).username).isEqualTo("1700000000:j-1");
		assertThat(ice.servers().get(1).password).isEqualTo("c3VyZQ==");
		assertThat(ice.servers().get(2).urls).as("one URL as a string").containsExactly("turn:10.0.0.1:3478");
	}

	@Test
	void relayedWhenTheAnswerOrTheListenerSaysSo() {
		assertThat(Ice.of(answer("relay"), false).relayOnly()).as("a relay-only tenant or track").isTrue();
		assertThat(Ice.of(answer("all"), false).relayOnly()).isFalse();
		assertThat(Ice.of(answer(null), false).relayOnly()).as("a signaling service from before relay-only").isFalse();
		assertThat(Ice.of(answer("all"), true).relayOnly()).as("--relay-only").isTrue();
		assertThat(Ice.of(answer("something-new"), false).relayOnly()).isFalse();
	}

}
