package cdn.sim.swarm;

import java.net.InetAddress;
import java.net.NetworkInterface;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AdvertisedHostTest {

	@Test
	void aServerBoundToOneAddressIsReachedThere() {
		assertThat(AdvertisedHost.of("127.0.0.1")).isEqualTo("127.0.0.1");
		assertThat(AdvertisedHost.of("10.1.2.3")).isEqualTo("10.1.2.3");
	}

	@Test
	void aServerBoundToAWildcardIsReachedAtAnAddressOfThisMachine() throws Exception {
		for (String wildcard : new String[] { "0.0.0.0", "::" }) {
			String host = AdvertisedHost.of(wildcard);
			InetAddress address = InetAddress.getByName(host);
			assertThat(address.isAnyLocalAddress()).as(host).isFalse();
			assertThat(address.isLoopbackAddress() || NetworkInterface.getByInetAddress(address) != null).as(host)
				.isTrue();
		}
	}

}
