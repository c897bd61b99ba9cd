package cdn.router.routing;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Set;

import cdn.protocol.InvalidIdException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The region resolution table: parameter > header > client subnet > default, unknown
 * regions become the default with a hint, malformed ones are rejected.
 */
class RegionResolverTest {

	static final SubnetTable SUBNETS = new SubnetTable(Map.of("us-east", List.of("10.1.0.0/16", "2001:db8:1::/48"),
			"eu-west", List.of("10.2.0.0/16", "10.1.200.0/24"), "ap-south", List.of("192.168.7.7")));

	final RegionResolver resolver = new RegionResolver("us-east", SUBNETS, false,
			Set.of("us-east", "eu-west", "ap-south"));

	@ParameterizedTest(name = "param={0} header={1} ip={2} -> {3} ({4})")
	@CsvSource(nullValues = "null", value = { //
			"eu-west,  ap-south, 10.1.0.1,      eu-west,  PARAMETER", // parameter wins
			"null,     ap-south, 10.1.0.1,      ap-south, HEADER", // then the header
			"'',       ' ',      10.1.0.1,      us-east,  SUBNET", // blank counts as
																	// absent
			"null,     null,     10.2.3.4,      eu-west,  SUBNET", //
			"null,     null,     10.1.200.9,    eu-west,  SUBNET", // longest prefix wins
			"null,     null,     2001:db8:1::5, us-east,  SUBNET", //
			"null,     null,     192.168.7.7,   ap-south, SUBNET", // a single address
			"null,     null,     192.168.7.8,   us-east,  DEFAULT", //
			"null,     null,     null,          us-east,  DEFAULT", //
			"mars,     eu-west,  10.2.3.4,      us-east,  DEFAULT", // unknown: default,
																	// not the header
			"null,     mars,     10.2.3.4,      us-east,  DEFAULT", //
			"sa-east,  null,     null,          sa-east,  PARAMETER", // known by a
																		// discovered edge
	})
	void resolvesInOrderOfPrecedence(String parameter, String header, String ip, String region,
			ResolvedRegion.Source source) throws Exception {
		InetAddress client = (ip != null) ? InetAddress.getByName(ip) : null;
		ResolvedRegion resolved = this.resolver.resolve(parameter, header, client, Set.of("sa-east"));
		assertThat(resolved.region()).isEqualTo(region);
		assertThat(resolved.source()).isEqualTo(source);
		if (source == ResolvedRegion.Source.PARAMETER || source == ResolvedRegion.Source.HEADER) {
			assertThat(resolved.hint()).isNull();
		}
		else {
			assertThat(resolved.hint()).isNotBlank();
		}
	}

	@Test
	void anUnknownRegionGivesTheDefaultAndAHintNamingIt() {
		ResolvedRegion resolved = this.resolver.resolve("mars", null, null, Set.of());
		assertThat(resolved.region()).isEqualTo("us-east");
		assertThat(resolved.hint()).isEqualTo("unknown region mars: default region us-east");
	}

	@ParameterizedTest
	@CsvSource({ "US-EAST", "us_east", "us east", "a-very-long-region-name-beyond-32-chars", "eu-west;drop" })
	void aMalformedRegionIsRejected(String region) {
		assertThatExceptionOfType(InvalidIdException.class)
			.isThrownBy(() -> this.resolver.resolve(region, null, null, Set.of()));
		assertThatExceptionOfType(InvalidIdException.class)
			.isThrownBy(() -> this.resolver.resolve(null, region, null, Set.of()));
	}

	@Test
	void forwardedForIsIgnoredUnlessTrusted() throws Exception {
		InetSocketAddress proxy = new InetSocketAddress(InetAddress.getByName("10.9.9.9"), 40000);
		assertThat(this.resolver.clientAddress(proxy, "10.2.0.1")).isEqualTo(InetAddress.getByName("10.9.9.9"));

		RegionResolver trusting = new RegionResolver("us-east", SUBNETS, true, Set.of());
		assertThat(trusting.clientAddress(proxy, "10.2.0.1, 10.9.9.9")).isEqualTo(InetAddress.getByName("10.2.0.1"));
		assertThat(trusting.clientAddress(proxy, "[2001:db8:1::7]")).isEqualTo(InetAddress.getByName("2001:db8:1::7"));
		// not an IP literal: never resolved, the connection's address stands
		assertThat(trusting.clientAddress(proxy, "localhost")).isEqualTo(InetAddress.getByName("10.9.9.9"));
		assertThat(trusting.clientAddress(proxy, "evil.example.com")).isEqualTo(InetAddress.getByName("10.9.9.9"));
		assertThat(trusting.clientAddress(proxy, "1.2.3")).isEqualTo(InetAddress.getByName("10.9.9.9"));
		assertThat(trusting.clientAddress(null, null)).isNull();
	}

	@ParameterizedTest
	@CsvSource({ "10.1.0.0/33", "10.1.0.0/x", "not-an-ip/8", "example.com" })
	void aMalformedSubnetIsAConfigurationError(String cidr) {
		assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> new SubnetTable(Map.of("us-east", List.of(cidr))));
	}

}
