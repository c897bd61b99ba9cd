package cdn.router.routing;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Client subnets per region, Traffic Control's coverage-zone file in configuration form:
 * the longest matching prefix names the client's region. IPv4 and IPv6 blocks may be
 * mixed.
 */
public final class SubnetTable {

	private final List<Block> blocks = new ArrayList<>();

	/**
	 * @param subnets region to CIDR blocks, e.g. {@code us-east: [10.1.0.0/16]}
	 */
	public SubnetTable(Map<String, List<String>> subnets) {
		subnets.forEach((region, cidrs) -> cidrs.forEach((cidr) -> this.blocks.add(Block.parse(cidr, region))));
		this.blocks.sort(Comparator.comparingInt(Block::prefix).reversed());
	}

	/** The region of the longest block holding {@code address}, or {@code null}. */
	public String regionOf(InetAddress address) {
		if (address == null) {
			return null;
		}
		byte[] bytes = address.getAddress();
		for (Block block : this.blocks) {
			if (block.contains(bytes)) {
				return block.region;
			}
		}
		return null;
	}

	private record Block(byte[] network, int prefix, String region) {

		static Block parse(String cidr, String region) {
			int slash = cidr.indexOf('/');
			InetAddress address = IpLiterals.parse((slash < 0) ? cidr : cidr.substring(0, slash));
			if (address == null) {
				throw new IllegalArgumentException("router.subnets: not a CIDR block: " + cidr);
			}
			int bits = address.getAddress().length * 8;
			int prefix;
			try {
				prefix = (slash < 0) ? bits : Integer.parseInt(cidr.substring(slash + 1).strip());
			}
			catch (NumberFormatException ex) {
				throw new IllegalArgumentException("router.subnets: not a CIDR block: " + cidr);
			}
			if (prefix < 0 || prefix > bits) {
				throw new IllegalArgumentException("router.subnets: prefix out of range: " + cidr);
			}
			return new Block(address.getAddress(), prefix, region);
		}

		boolean contains(byte[] address) {
			if (address.length != this.network.length) {
				return false;
			}
			int whole = this.prefix / 8;
			for (int i = 0; i < whole; i++) {
				if (address[i] != this.network[i]) {
					return false;
				}
			}
			int rest = this.prefix % 8;
			if (rest == 0) {
				return true;
			}
			int mask = (0xff << (8 - rest)) & 0xff;
			return (address[whole] & mask) == (this.network[whole] & mask);
		}

	}

}
