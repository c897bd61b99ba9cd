package cdn.sim.swarm;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The host other peers reach a peer server at. A server bound to one address is reached
 * there; one bound to a wildcard (in a container, {@code 0.0.0.0}) at this machine's
 * address: the first IPv4 address of an interface that is up and not loopback, else its
 * first IPv6 one, else loopback.
 */
final class AdvertisedHost {

	private static final Set<String> WILDCARDS = Set.of("0.0.0.0", "::", "[::]", "::0");

	private AdvertisedHost() {
	}

	static String of(String bindHost) {
		if (!WILDCARDS.contains(bindHost)) {
			return bindHost;
		}
		try {
			List<InetAddress> addresses = NetworkInterface.networkInterfaces()
				.filter(AdvertisedHost::usable)
				.flatMap(NetworkInterface::inetAddresses)
				.filter((address) -> !address.isLoopbackAddress() && !address.isLinkLocalAddress())
				.sorted(Comparator.comparing((InetAddress address) -> !(address instanceof Inet4Address)))
				.toList();
			return addresses.isEmpty() ? "127.0.0.1" : addresses.get(0).getHostAddress();
		}
		catch (SocketException ex) {
			return "127.0.0.1";
		}
	}

	private static boolean usable(NetworkInterface network) {
		try {
			return network.isUp() && !network.isLoopback();
		}
		catch (SocketException ex) {
			return false;
		}
	}

}
