package cdn.client.http;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.StringJoiner;

import cdn.client.net.Json;
import cdn.client.route.RouterClient;
import cdn.protocol.routing.Route;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/** {@link RouterClient} over {@code GET /v1/route}, bounded by a timeout. */
public final class HttpRouterClient implements RouterClient {

	private final HttpClient http;

	private final String baseUrl;

	private final Duration timeout;

	public HttpRouterClient(HttpClient http, String baseUrl, Duration timeout) {
		this.http = http;
		this.baseUrl = baseUrl.replaceAll("/+$", "");
		this.timeout = timeout;
	}

	@Override
	public Mono<Route> route(String region, String track) {
		return route(region, track, null);
	}

	private static void parameter(StringJoiner query, String name, String value) {
		if (value != null) {
			query.add(name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
		}
	}

	@Override
	public Mono<Route> route(String region, String track, String peer) {
		StringJoiner query = new StringJoiner("&", "/v1/route?", "").setEmptyValue("/v1/route");
		// without a region the router places the client by its address
		parameter(query, "region", region);
		parameter(query, "track", track);
		parameter(query, "peer", peer);
		return this.http.get()
			.uri(this.baseUrl + query)
			.responseSingle((response, body) -> (response.status().code() == 200) ? body.asByteArray()
					: Mono.error(new IllegalStateException("router answered " + response.status().code())))
			.map((bytes) -> Json.MAPPER.readValue(bytes, Route.class))
			.timeout(this.timeout);
	}

}
