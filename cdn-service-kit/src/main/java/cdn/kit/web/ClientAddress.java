package cdn.kit.web;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import io.netty.handler.ipfilter.IpFilterRuleType;
import io.netty.handler.ipfilter.IpSubnetFilterRule;
import io.netty.util.NetUtil;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Who sent a request, as the key of a per-address limit: the connection's remote address;
 * behind proxies listed as trusted ({@code cdn.limits.trusted-proxies}: addresses or CIDR
 * ranges), the last address of {@code X-Forwarded-For} that is not a trusted proxy. With
 * no trusted proxy {@code X-Forwarded-For} is ignored: anyone can write it. An IPv6
 * client is keyed by its /64 (one host usually holds a whole /64), loopback as itself.
 * Made by the kit's auto-configuration in every reactive web application.
 */
public final class ClientAddress {

	/** Keys by the connection's remote address only. */
	public static final ClientAddress DIRECT = new ClientAddress(List.of());

	static final String FORWARDED_FOR = "X-Forwarded-For";

	private final List<IpSubnetFilterRule> trusted;

	/**
	 * @param trustedProxies addresses ({@code 10.0.0.7}, {@code ::1}) or ranges
	 * ({@code 10.0.0.0/8}) of proxies whose {@code X-Forwarded-For} is believed; blank
	 * entries are ignored
	 * @throws IllegalArgumentException for an entry that is not an IP address or range
	 * (names are refused: no DNS look-up decides whom to trust)
	 */
	public ClientAddress(List<String> trustedProxies) {
		List<IpSubnetFilterRule> rules = new ArrayList<>();
		for (String entry : trustedProxies) {
			if (entry != null && !entry.isBlank()) {
				rules.add(rule(entry.strip()));
			}
		}
		this.trusted = List.copyOf(rules);
	}

	private static IpSubnetFilterRule rule(String entry) {
		int slash = entry.indexOf('/');
		InetAddress address = literal((slash < 0) ? entry : entry.substring(0, slash));
		if (address == null) {
			throw new IllegalArgumentException("cdn.limits.trusted-proxies: not an IP address or range: " + entry);
		}
		int bits = (address instanceof Inet6Address) ? 128 : 32;
		int prefix = bits;
		if (slash >= 0) {
			try {
				prefix = Integer.parseInt(entry.substring(slash + 1));
			}
			catch (NumberFormatException ex) {
				prefix = -1;
			}
			if (prefix < 0 || prefix > bits) {
				throw new IllegalArgumentException("cdn.limits.trusted-proxies: bad prefix length in " + entry);
			}
		}
		return new IpSubnetFilterRule(address, prefix, IpFilterRuleType.ACCEPT);
	}

	/** The key of the request's client. */
	public String of(ServerHttpRequest request) {
		InetSocketAddress remote = request.getRemoteAddress();
		InetAddress address = (remote != null) ? remote.getAddress() : null;
		if (address == null) {
			return (remote != null) ? remote.getHostString() : "unknown";
		}
		if (!this.trusted.isEmpty() && trusted(address)) {
			address = forwardedFor(request.getHeaders().getValuesAsList(FORWARDED_FOR), address);
		}
		return key(address);
	}

	/**
	 * Walks {@code X-Forwarded-For} from the right (the hop nearest to us) past trusted
	 * proxies; stops at the first address that is not one, or before anything that is not
	 * an address.
	 */
	private InetAddress forwardedFor(List<String> hops, InetAddress proxy) {
		InetAddress client = proxy;
		for (int i = hops.size() - 1; i >= 0; i--) {
			InetAddress hop = literal(hop(hops.get(i)));
			if (hop == null) {
				break;
			}
			client = hop;
			if (!trusted(hop)) {
				break;
			}
		}
		return client;
	}

	/** One hop without brackets or port ({@code [::1]:80}, {@code 1.2.3.4:80}). */
	private static String hop(String value) {
		String hop = value.strip();
		if (hop.startsWith("[")) {
			int end = hop.indexOf(']');
			return (end > 0) ? hop.substring(1, end) : hop;
		}
		int colon = hop.indexOf(':');
		return (colon > 0 && colon == hop.lastIndexOf(':')) ? hop.substring(0, colon) : hop;
	}

	private boolean trusted(InetAddress address) {
		InetSocketAddress socket = new InetSocketAddress(address, 0);
		for (IpSubnetFilterRule rule : this.trusted) {
			if (rule.matches(socket)) {
				return true;
			}
		}
		return false;
	}

	/** An IP literal, or {@code null}: never a DNS look-up. */
	private static InetAddress literal(String text) {
		return NetUtil.createInetAddressFromIpAddressString(text);
	}

	private static String key(InetAddress address) {
		if (address instanceof Inet6Address && !address.isLoopbackAddress()) {
			byte[] prefix = address.getAddress();
			for (int i = 8; i < 16; i++) {
				prefix[i] = 0;
			}
			try {
				return InetAddress.getByAddress(prefix).getHostAddress() + "/64";
			}
			catch (UnknownHostException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return address.getHostAddress();
	}

	@Override
	public String toString() {
		return "ClientAddress[trusted proxies: " + this.trusted.size() + "]";
	}

}
