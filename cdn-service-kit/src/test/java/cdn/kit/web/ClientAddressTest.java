package cdn.kit.web;

import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientAddressTest {

	private final ClientAddress behindProxies = new ClientAddress(List.of("10.0.0.0/8", "192.168.1.7", " "));

	@Test
	void withoutTrustedProxiesTheRemoteAddressCountsAndForwardedForIsIgnored() {
		assertThat(ClientAddress.DIRECT.of(request("203.0.113.9", "198.51.100.1"))).isEqualTo("203.0.113.9");
		assertThat(ClientAddress.DIRECT.of(request("10.1.2.3", "198.51.100.1"))).isEqualTo("10.1.2.3");
	}

	@Test
	void behindATrustedProxyTheLastUntrustedHopIsTheClient() {
		assertThat(this.behindProxies.of(request("10.1.2.3", "198.51.100.1"))).isEqualTo("198.51.100.1");
		// a client's own X-Forwarded-For is on the left: never believed
		assertThat(this.behindProxies.of(request("10.1.2.3", "1.2.3.4, 198.51.100.1, 192.168.1.7")))
			.isEqualTo("198.51.100.1");
		assertThat(this.behindProxies.of(request("10.1.2.3", "1.2.3.4", "198.51.100.1, 10.9.9.9")))
			.as("several headers are one list")
			.isEqualTo("198.51.100.1");
	}

	@Test
	void anUntrustedSenderCannotChooseItsAddress() {
		assertThat(this.behindProxies.of(request("203.0.113.9", "198.51.100.1"))).isEqualTo("203.0.113.9");
		assertThat(this.behindProxies.of(request("192.168.1.8", "198.51.100.1"))).isEqualTo("192.168.1.8");
	}

	@Test
	void somethingThatIsNotAnAddressEndsTheWalk() {
		assertThat(this.behindProxies.of(request("10.1.2.3", "198.51.100.1, unknown, 10.4.4.4"))).isEqualTo("10.4.4.4");
		assertThat(this.behindProxies.of(request("10.1.2.3", "evil.example"))).isEqualTo("10.1.2.3");
		assertThat(this.behindProxies.of(request("10.1.2.3"))).as("no header: the proxy itself").isEqualTo("10.1.2.3");
		assertThat(this.behindProxies.of(request("10.1.2.3", "10.8.8.8, 10.4.4.4"))).as("only proxies: the farthest")
			.isEqualTo("10.8.8.8");
	}

	@Test
	void hopsMayCarryPortsAndBrackets() {
		assertThat(this.behindProxies.of(request("10.1.2.3", "198.51.100.1:4711"))).isEqualTo("198.51.100.1");
		assertThat(this.behindProxies.of(request("10.1.2.3", "[2001:db8:1:2:3:4:5:6]:443")))
			.isEqualTo("2001:db8:1:2:0:0:0:0/64");
	}

	@Test
	void ipv6ClientsAreKeyedByTheirSlash64AndLoopbackAsItself() {
		assertThat(ClientAddress.DIRECT.of(request("2001:db8:1:2:aaaa:bbbb:cccc:dddd")))
			.isEqualTo(ClientAddress.DIRECT.of(request("2001:db8:1:2::1")))
			.isEqualTo("2001:db8:1:2:0:0:0:0/64");
		assertThat(ClientAddress.DIRECT.of(request("::1"))).isEqualTo("0:0:0:0:0:0:0:1");
		assertThat(ClientAddress.DIRECT.of(request("127.0.0.1"))).isEqualTo("127.0.0.1");
	}

	@Test
	void trustedProxiesAreAddressesOrRangesNeverNames() {
		assertThatThrownBy(() -> new ClientAddress(List.of("proxy.internal")))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("proxy.internal");
		assertThatThrownBy(() -> new ClientAddress(List.of("10.0.0.0/33")))
			.isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> new ClientAddress(List.of("10.0.0.0/x"))).isInstanceOf(IllegalArgumentException.class);
		assertThat(new ClientAddress(List.of("fd00::/8")).of(request("fd12::1", "198.51.100.1")))
			.isEqualTo("198.51.100.1");
	}

	private static MockServerHttpRequest request(String remote, String... forwardedFor) {
		MockServerHttpRequest.BaseBuilder<?> request = MockServerHttpRequest.get("/v1/announce")
			.remoteAddress(new InetSocketAddress(remote, 40000));
		for (String value : forwardedFor) {
			request.header("X-Forwarded-For", value);
		}
		return request.build();
	}

}
