package cdn.router.routing;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Set;

import cdn.protocol.Region;

/**
 * Decides a client's region: the {@code region} parameter, else the
 * {@code X-Client-Region} header, else the client address by the subnet table, else the
 * default region. A well-formed region nobody knows (no edge, subnet or latency entry
 * names it) becomes the default region plus a hint; a malformed one is a 400.
 */
public final class RegionResolver {

	/** Header a client (or a front proxy) names its region in. */
	public static final String HEADER = "X-Client-Region";

	private final String defaultRegion;

	private final SubnetTable subnets;

	private final boolean trustForwardedFor;

	private final Set<String> configuredRegions;

	/**
	 * @param defaultRegion region of clients nothing else places
	 * @param subnets client subnets per region
	 * @param trustForwardedFor whether {@code X-Forwarded-For} names the client
	 * @param configuredRegions regions known from configuration (static edges, subnets,
	 * latency matrix); regions of discovered edges are known too
	 */
	public RegionResolver(String defaultRegion, SubnetTable subnets, boolean trustForwardedFor,
			Set<String> configuredRegions) {
		this.defaultRegion = Region.require(defaultRegion, "default region");
		this.subnets = subnets;
		this.trustForwardedFor = trustForwardedFor;
		Set<String> known = new HashSet<>(configuredRegions);
		known.add(defaultRegion);
		this.configuredRegions = Set.copyOf(known);
	}

	public String defaultRegion() {
		return this.defaultRegion;
	}

	/**
	 * @param parameter the {@code region} query parameter, may be {@code null} or blank
	 * @param header the {@code X-Client-Region} header, may be {@code null} or blank
	 * @param client the client's address, may be {@code null}
	 * @param discoveredRegions regions that have an edge right now
	 * @throws cdn.protocol.InvalidIdException if the asked region is malformed
	 */
	public ResolvedRegion resolve(String parameter, String header, InetAddress client, Set<String> discoveredRegions) {
		if (parameter != null && !parameter.isBlank()) {
			return asked(Region.require(parameter, "region"), ResolvedRegion.Source.PARAMETER, discoveredRegions);
		}
		if (header != null && !header.isBlank()) {
			return asked(Region.require(header.strip(), HEADER), ResolvedRegion.Source.HEADER, discoveredRegions);
		}
		String byAddress = this.subnets.regionOf(client);
		if (byAddress != null) {
			return new ResolvedRegion(byAddress, ResolvedRegion.Source.SUBNET,
					"no region asked: " + byAddress + " by the client address");
		}
		return new ResolvedRegion(this.defaultRegion, ResolvedRegion.Source.DEFAULT,
				"no region asked and the client address is in no known subnet: default region " + this.defaultRegion);
	}

	private ResolvedRegion asked(String region, ResolvedRegion.Source source, Set<String> discoveredRegions) {
		if (this.configuredRegions.contains(region) || discoveredRegions.contains(region)) {
			return new ResolvedRegion(region, source, null);
		}
		return new ResolvedRegion(this.defaultRegion, ResolvedRegion.Source.DEFAULT,
				"unknown region " + region + ": default region " + this.defaultRegion);
	}

	/**
	 * The client's address: the connection's peer, or the first {@code X-Forwarded-For}
	 * entry when that header is trusted and holds an IP literal.
	 */
	public InetAddress clientAddress(InetSocketAddress remote, String forwardedFor) {
		if (this.trustForwardedFor && forwardedFor != null) {
			int comma = forwardedFor.indexOf(',');
			InetAddress forwarded = IpLiterals.parse((comma < 0) ? forwardedFor : forwardedFor.substring(0, comma));
			if (forwarded != null) {
				return forwarded;
			}
		}
		return (remote != null) ? remote.getAddress() : null;
	}

}
