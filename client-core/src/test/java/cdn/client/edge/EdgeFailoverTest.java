package cdn.client.edge;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Failover along the ranking, and the URL signature a router's ranking carries: on every
 * path asked for, asked for again once when an edge refuses it (403, or 410 when it has
 * expired).
 */
class EdgeFailoverTest {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private final List<String> asked = new CopyOnWriteArrayList<>();

	private final AtomicInteger rankings = new AtomicInteger();

	/** Edge "a" answers only the signature {@code valid}; "b" is down. */
	private final EdgeTransport edges = (edge, target) -> {
		this.asked.add(edge + target);
		if (edge.equals("b")) {
			return Mono.error(new IllegalStateException("connection refused"));
		}
		if (!target.endsWith("?sig=valid")) {
			int status = target.endsWith("?sig=old") ? 410 : 403;
			return Mono.error(new EdgeRejectedException(status, edge + target + " answered " + status));
		}
		return Mono.just(new EdgeResponse(new byte[] { 1 }, null));
	};

	@Test
	void everyPathCarriesTheRankingsSignatureAndAnEdgeThatIsDownIsPassed() {
		EdgeFailover failover = EdgeFailover.signed(this.edges,
				() -> Mono.just(new EdgeFailover.Ranking(List.of("b", "a"), "sig=valid")));
		assertThat(failover.get("/segments/x.m4s").block(WAIT).body()).containsExactly(1);
		assertThat(this.asked).containsExactly("b/segments/x.m4s?sig=valid", "a/segments/x.m4s?sig=valid");
		assertThat(failover.failovers()).isEqualTo(1);
	}

	@Test
	void anExpiredSignatureIsAskedForAgainOnceAndTheRequestRetried() {
		EdgeFailover failover = EdgeFailover.signed(this.edges, () -> Mono.just(new EdgeFailover.Ranking(List.of("a"),
				(this.rankings.getAndIncrement() == 0) ? "sig=old" : "sig=valid")));
		assertThat(failover.get("/tracks/t1/master.m3u8").block(WAIT)).isNotNull();
		assertThat(this.asked).containsExactly("a/tracks/t1/master.m3u8?sig=old", "a/tracks/t1/master.m3u8?sig=valid");
		assertThat(this.rankings).hasValue(2);
	}

	@Test
	void aSignatureStillRefusedAfterOneNewRankingFailsTheRequest() {
		EdgeFailover failover = EdgeFailover.signed(this.edges,
				() -> Mono.just(new EdgeFailover.Ranking(List.of("a"), "sig=forged")));
		assertThatExceptionOfType(EdgeRejectedException.class)
			.isThrownBy(() -> failover.get("/segments/x.m4s").block(WAIT))
			.satisfies((rejected) -> assertThat(rejected.status()).isEqualTo(403));
		assertThat(this.asked).hasSize(2);
	}

	@Test
	void aTokenRefusedWithAnExpiredSignatureIsAskedForAgainOnceWithANewSignature() {
		EdgeTransport refusingTokens = (edge, target) -> Mono.deferContextual((call) -> {
			this.asked.add(edge + target + " " + call.getOrDefault(EdgeTransport.BEARER, "-"));
			return target.endsWith("?sig=valid") ? Mono.just(new EdgeResponse(new byte[] { 1 }, null))
					: Mono.error(new EdgeRejectedException(401, "token refused"));
		});
		EdgeFailover failover = EdgeFailover.signed(refusingTokens,
				() -> Mono.just(new EdgeFailover.Ranking(List.of("a"),
						(this.rankings.getAndIncrement() == 0) ? "sig=old" : "sig=valid")),
				() -> Mono.just("tok"));
		assertThat(failover.get("/segments/x.m4s").block(WAIT)).isNotNull();
		assertThat(this.asked).containsExactly("a/segments/x.m4s?sig=old tok", "a/segments/x.m4s?sig=valid tok");
	}

	@Test
	void theTokenAndTheFirstRankingAreAskedForAtOnce() {
		// each answers only once the other was asked: asked one after the other, neither
		// would
		Sinks.Empty<Void> tokenAsked = Sinks.empty();
		Sinks.Empty<Void> rankingAsked = Sinks.empty();
		EdgeFailover failover = EdgeFailover.signed(this.edges, () -> {
			rankingAsked.tryEmitEmpty();
			return tokenAsked.asMono().then(Mono.just(new EdgeFailover.Ranking(List.of("a"), "sig=valid")));
		}, () -> {
			tokenAsked.tryEmitEmpty();
			return rankingAsked.asMono().then(Mono.just("tok"));
		});
		assertThat(failover.get("/segments/x.m4s").block(WAIT)).isNotNull();
		assertThat(this.asked).containsExactly("a/segments/x.m4s?sig=valid");
	}

	@Test
	void anUnsignedRankingAsksForBarePathsAndARejectionIsFinal() {
		EdgeFailover failover = new EdgeFailover(this.edges, () -> {
			this.rankings.incrementAndGet();
			return Mono.just(List.of("a"));
		});
		assertThatExceptionOfType(EdgeRejectedException.class)
			.isThrownBy(() -> failover.get("/segments/x.m4s").block(WAIT));
		assertThat(this.asked).containsExactly("a/segments/x.m4s");
		assertThat(this.rankings).hasValue(1);
	}

}
