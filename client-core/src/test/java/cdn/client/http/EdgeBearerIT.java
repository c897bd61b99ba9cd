package cdn.client.http;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import cdn.client.edge.EdgeFailover;
import cdn.client.edge.EdgeRejectedException;
import cdn.client.edge.EdgeTransport;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The listener's token reaches the edge over real loopback HTTP: every request of an
 * {@link EdgeFailover} with tokens carries it as {@code Authorization: Bearer}, next to
 * the ranking's URL signature, also through a transport wrapped in another; without a
 * token (none issued, or the router cannot be asked) a request carries no header.
 */
class EdgeBearerIT {

	private static final Duration WAIT = Duration.ofSeconds(5);

	/** What the edge saw: the URI and the Authorization header of each request. */
	private final List<String> seen = new CopyOnWriteArrayList<>();

	/**
	 * Answers 200 to a request with "Bearer tok-1" or a signature, 401 to another bearer.
	 */
	private final DisposableServer edge = HttpServer.create().host("127.0.0.1").port(0).handle((request, response) -> {
		String authorization = request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION);
		this.seen.add(request.uri() + " " + authorization);
		boolean signed = request.uri().contains("sig=valid");
		if (signed || "Bearer tok-1".equals(authorization)) {
			return response.sendByteArray(Mono.just(new byte[] { 7 }));
		}
		return response.status((authorization != null) ? HttpResponseStatus.UNAUTHORIZED : HttpResponseStatus.FORBIDDEN)
			.send();
	}).bindNow();

	private final HttpEdgeTransport transport = new HttpEdgeTransport(HttpClient.create(), WAIT);

	@AfterEach
	void close() {
		this.edge.disposeNow();
	}

	private String url() {
		return "http://127.0.0.1:" + this.edge.port();
	}

	@Test
	void everyRequestCarriesTheListenersTokenNextToTheSignature() {
		EdgeFailover failover = EdgeFailover.signed(this.transport,
				() -> Mono.just(new EdgeFailover.Ranking(List.of(url()), "sig=valid")), () -> Mono.just("tok-1"));

		assertThat(failover.get("/segments/a.m4s").block(WAIT).body()).containsExactly(7);
		assertThat(failover.get("/tracks/t1/master.m3u8").block(WAIT).body()).containsExactly(7);
		assertThat(this.seen).containsExactly("/segments/a.m4s?sig=valid Bearer tok-1",
				"/tracks/t1/master.m3u8?sig=valid Bearer tok-1");
	}

	@Test
	void theTokenAloneIsEnoughAndGoesThroughAWrappedTransport() {
		List<String> observed = new CopyOnWriteArrayList<>();
		EdgeTransport wrapped = (edge, target) -> Mono.defer(() -> {
			observed.add(target);
			return this.transport.get(edge, target);
		});
		EdgeFailover failover = EdgeFailover.signed(wrapped,
				() -> Mono.just(EdgeFailover.Ranking.unsigned(List.of(url()))), () -> Mono.just("tok-1"));

		assertThat(failover.get("/segments/b.m4s").block(WAIT).body()).containsExactly(7);
		assertThat(observed).containsExactly("/segments/b.m4s");
		assertThat(this.seen).containsExactly("/segments/b.m4s Bearer tok-1");
	}

	@Test
	void withoutATokenNoHeaderGoesAndARefusedTokenIsARejection() {
		EdgeFailover none = EdgeFailover.signed(this.transport,
				() -> Mono.just(EdgeFailover.Ranking.unsigned(List.of(url()))), Mono::empty);
		EdgeFailover routerDown = EdgeFailover.signed(this.transport,
				() -> Mono.just(EdgeFailover.Ranking.unsigned(List.of(url()))),
				() -> Mono.error(new IllegalStateException("router down")));
		EdgeFailover stale = EdgeFailover.signed(this.transport,
				() -> Mono.just(EdgeFailover.Ranking.unsigned(List.of(url()))), () -> Mono.just("tok-old"));

		for (EdgeFailover failover : List.of(none, routerDown)) {
			assertThatExceptionOfType(EdgeRejectedException.class)
				.isThrownBy(() -> failover.get("/segments/c.m4s").block(WAIT))
				.satisfies((rejected) -> assertThat(rejected.status()).isEqualTo(403));
		}
		assertThatExceptionOfType(EdgeRejectedException.class)
			.isThrownBy(() -> stale.get("/segments/c.m4s").block(WAIT))
			.satisfies((rejected) -> assertThat(rejected.status()).isEqualTo(401));
		assertThat(this.seen).containsExactly("/segments/c.m4s null", "/segments/c.m4s null",
				"/segments/c.m4s Bearer tok-old");
	}

}
