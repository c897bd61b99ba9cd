package cdn.tracker.selection;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import cdn.kit.test.MutableClock;
import cdn.protocol.tracker.PeerEntry;
import cdn.tracker.config.TrackerProperties;
import cdn.tracker.store.Candidate;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Scoring and picking as plain unit tests: no store, no Spring, a hand-moved clock. */
class PeerSelectorTest {

	static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

	static final Duration LIFETIME = Duration.ofSeconds(90);

	final MutableClock clock = new MutableClock(NOW);

	static final TrackerProperties.Weights DEFAULT_WEIGHTS = new TrackerProperties.Weights(0.35, 0.2, 0.15, 0.1, 0.2);

	static TrackerProperties.Selection selection(TrackerProperties.Weights weights, double jitter) {
		return new TrackerProperties.Selection(
				List.of("us-east/eu-west=80ms", "us-east/ap-south=220ms", "eu-west/ap-south=150ms"),
				Duration.ofMillis(150), Duration.ofMillis(300), 4000, Duration.ofSeconds(10), 8, jitter, weights);
	}

	PeerSelector selector(TrackerProperties.Weights weights, double jitter) {
		TrackerProperties.Selection selection = selection(weights, jitter);
		RttMatrix rtt = new RttMatrix(selection.rtt(), selection.defaultRtt());
		return new PeerSelector(new PeerScorer(rtt, selection, LIFETIME),
				new HandoutLoad(this.clock, selection.loadHalfLife()), jitter, new SplittableRandom(42));
	}

	static Candidate peer(String id, String region, long kbps, long up, long down, Instant lastSeen) {
		return new Candidate(id, region, "http://127.0.0.1:7001/" + id, kbps, up, down, lastSeen);
	}

	static Candidate peer(String id, String region) {
		return peer(id, region, 1000, 0, 0, NOW);
	}

	static List<String> ids(List<PeerEntry> entries) {
		return entries.stream().map(PeerEntry::peerId).toList();
	}

	@Test
	void sameRegionComesFirstEvenAgainstBetterPeersElsewhere() {
		Candidate poorLocal = peer("local", "eu-west", 0, 0, 1L << 30, NOW.minusSeconds(80));
		Candidate richRemote = peer("remote", "us-east", 100_000, 1L << 30, 0, NOW);
		List<PeerEntry> chosen = selector(DEFAULT_WEIGHTS, 0.05).select(List.of(richRemote, poorLocal), "eu-west", 2,
				NOW);
		assertThat(ids(chosen)).containsExactly("local", "remote");
		assertThat(chosen.get(0).score()).isGreaterThan(1);
		assertThat(chosen.get(1).score()).isLessThan(1);
	}

	@Test
	void nearerRegionsRankAboveFartherOnes() {
		List<PeerEntry> chosen = selector(DEFAULT_WEIGHTS, 0).select(
				List.of(peer("far", "ap-south"), peer("unknown", "sa-east"), peer("near", "eu-west")), "us-east", 3,
				NOW);
		assertThat(ids(chosen)).containsExactly("near", "unknown", "far");
	}

	@Test
	void capacityReciprocityAndFreshnessEachRaiseTheScore() {
		PeerSelector selector = selector(DEFAULT_WEIGHTS, 0);
		assertThat(ids(selector.select(
				List.of(peer("slow", "eu-west", 100, 0, 0, NOW), peer("fast", "eu-west", 4000, 0, 0, NOW)), "eu-west",
				2, NOW)))
			.containsExactly("fast", "slow");
		assertThat(ids(selector.select(List.of(peer("taker", "eu-west", 1000, 0, 50L << 20, NOW),
				peer("giver", "eu-west", 1000, 50L << 20, 0, NOW)), "eu-west", 2, NOW)))
			.containsExactly("giver", "taker");
		assertThat(ids(selector.select(List.of(peer("stale", "eu-west", 1000, 0, 0, NOW.minusSeconds(60)),
				peer("fresh", "eu-west", 1000, 0, 0, NOW)), "eu-west", 2, NOW)))
			.containsExactly("fresh", "stale");
	}

	@Test
	void recentlyHandedOutPeersScoreLowerSoLoadSpreads() {
		PeerSelector selector = selector(DEFAULT_WEIGHTS, 0);
		List<Candidate> equal = List.of(peer("a", "eu-west"), peer("b", "eu-west"), peer("c", "eu-west"));
		Map<String, Integer> handedOut = new HashMap<>();
		for (int i = 0; i < 300; i++) {
			for (PeerEntry entry : selector.select(equal, "eu-west", 1, NOW)) {
				handedOut.merge(entry.peerId(), 1, Integer::sum);
			}
		}
		assertThat(handedOut.values()).allSatisfy((count) -> assertThat(count).isBetween(90, 110));
	}

	@Test
	void withoutTheLoadTermAndJitterTheSamePeerWinsEveryTime() {
		PeerSelector selector = selector(new TrackerProperties.Weights(0.35, 0.2, 0.15, 0.1, 0), 0);
		List<Candidate> equal = List.of(peer("a", "eu-west"), peer("b", "eu-west"));
		for (int i = 0; i < 50; i++) {
			assertThat(ids(selector.select(equal, "eu-west", 1, NOW))).containsExactly("a");
		}
	}

	@Test
	void jitterTakesTurnsAmongNearEqualPeersButNotAcrossLargeGaps() {
		PeerSelector selector = selector(new TrackerProperties.Weights(0.35, 0.2, 0.15, 0.1, 0), 0.05);
		Map<String, Integer> first = new HashMap<>();
		for (int i = 0; i < 200; i++) {
			List<PeerEntry> chosen = selector
				.select(List.of(peer("a", "eu-west", 1000, 0, 0, NOW), peer("b", "eu-west", 1010, 0, 0, NOW),
						peer("weak", "eu-west", 0, 0, 1L << 30, NOW.minusSeconds(85))), "eu-west", 3, NOW);
			first.merge(chosen.get(0).peerId(), 1, Integer::sum);
			assertThat(chosen.get(2).peerId()).isEqualTo("weak");
		}
		assertThat(first).containsOnlyKeys("a", "b");
		assertThat(first.values()).allSatisfy((count) -> assertThat(count).isGreaterThan(50));
	}

	@Test
	void handOutMemoryFadesWithTheHalfLife() {
		HandoutLoad load = new HandoutLoad(this.clock, Duration.ofSeconds(10));
		for (int i = 0; i < 8; i++) {
			load.handedOut("a");
		}
		assertThat(load.recent("a")).isEqualTo(8.0);
		this.clock.advance(Duration.ofSeconds(10));
		assertThat(load.recent("a")).isCloseTo(4.0, org.assertj.core.data.Offset.offset(1e-9));
		this.clock.advance(Duration.ofSeconds(90));
		assertThat(load.recent("a")).isZero();
		assertThat(load.recent("never")).isZero();
	}

	@Test
	void returnsAtMostCountAndNothingForNoCandidates() {
		PeerSelector selector = selector(DEFAULT_WEIGHTS, 0.05);
		assertThat(selector.select(List.of(), "eu-west", 5, NOW)).isEmpty();
		assertThat(selector.select(List.of(peer("a", "eu-west"), peer("b", "eu-west"), peer("c", "us-east")), "eu-west",
				2, NOW))
			.hasSize(2);
	}

	@Test
	void rttMatrixIsSymmetricWithADefaultAndOrdersRegionsNearestFirst() {
		RttMatrix rtt = new RttMatrix(
				List.of("us-east/eu-west=80ms", "us-east/ap-south=220ms", "eu-west/ap-south=150ms"),
				Duration.ofMillis(150));
		assertThat(rtt.millis("eu-west", "us-east")).isEqualTo(80);
		assertThat(rtt.millis("eu-west", "eu-west")).isZero();
		assertThat(rtt.millis("eu-west", "mars")).isEqualTo(150);
		assertThat(rtt.nearestFirst("us-east")).containsExactly("us-east", "eu-west", "ap-south");
		assertThat(rtt.nearestFirst("ap-south")).containsExactly("ap-south", "eu-west", "us-east");
		assertThat(rtt.nearestFirst("mars")).startsWith("mars").hasSize(4);
	}

}
