package cdn.kit.web;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.util.NetUtil;

import org.springframework.mock.http.server.reactive.MockServerHttpRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code X-Forwarded-For} is written by whoever sends the request: behind a trusted proxy
 * {@link ClientAddress} reads it for every per-address limit, and must answer an address
 * key whatever it holds, never throw (a 500 on every request of a service). Each line of
 * an input is one header value. Without {@code JAZZER_FUZZ} only the seeds run
 * ({@code ClientAddressFuzzTestInputs/forwardedFor}).
 */
class ClientAddressFuzzTest {

	static final ClientAddress BEHIND_PROXIES = new ClientAddress(List.of("10.0.0.0/8", "::1", "fd00::/8"));

	static final InetSocketAddress PROXY = new InetSocketAddress("10.1.2.3", 40000);

	@FuzzTest(maxDuration = "30s")
	void forwardedFor(byte[] input) {
		String[] values = new String(input, StandardCharsets.UTF_8).split("\n", 16);
		MockServerHttpRequest request = MockServerHttpRequest.get("/v1/announce")
			.remoteAddress(PROXY)
			.header(ClientAddress.FORWARDED_FOR, values)
			.build();
		String key = BEHIND_PROXIES.of(request);
		String address = key.endsWith("/64") ? key.substring(0, key.length() - 3) : key;
		assertThat(NetUtil.createInetAddressFromIpAddressString(address)).as("the key %s is an address", key)
			.isNotNull();
	}

}
