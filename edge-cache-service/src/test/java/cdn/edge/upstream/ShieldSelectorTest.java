package cdn.edge.upstream;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ShieldSelectorTest {

	static final URI ORIGIN = URI.create("http://origin:8081");

	static final List<URI> SHIELDS = IntStream.range(0, 5)
		.mapToObj((i) -> URI.create("http://shield-" + i + ":8082"))
		.toList();

	static final List<String> KEYS = IntStream.range(0, 10_000).mapToObj((i) -> "/segments/" + i + ".m4s").toList();

	@Test
	void withoutShieldsTheOriginIsTheOnlyCandidate() {
		assertThat(new ShieldSelector(ORIGIN, List.of()).candidates("/v1/catalog")).containsExactly(ORIGIN);
	}

	@Test
	void everyShieldIsRankedAndTheOriginComesLast() {
		List<URI> candidates = new ShieldSelector(ORIGIN, SHIELDS).candidates("/tracks/a/master.m3u8");
		assertThat(candidates).hasSize(6).last().isEqualTo(ORIGIN);
		assertThat(candidates.subList(0, 5)).containsExactlyInAnyOrderElementsOf(SHIELDS);
	}

	@Test
	void everyEdgeChoosesTheSameShieldWhateverTheConfiguredOrder() {
		ShieldSelector one = new ShieldSelector(ORIGIN, SHIELDS);
		List<URI> reversed = new ArrayList<>(SHIELDS);
		java.util.Collections.reverse(reversed);
		ShieldSelector other = new ShieldSelector(ORIGIN, reversed);
		assertThat(KEYS).allSatisfy((key) -> assertThat(other.primary(key)).isEqualTo(one.primary(key)));
	}

	@Test
	void keysSpreadEvenlyOverShields() {
		ShieldSelector selector = new ShieldSelector(ORIGIN, SHIELDS);
		Map<URI, Integer> owned = new HashMap<>();
		KEYS.forEach((key) -> owned.merge(selector.primary(key), 1, Integer::sum));
		assertThat(owned.values()).allSatisfy((count) -> assertThat(count).isBetween(1800, 2200));
	}

	@Test
	void removingOneOfNShieldsMovesOnlyItsOwnKeys() {
		ShieldSelector before = new ShieldSelector(ORIGIN, SHIELDS);
		URI removed = SHIELDS.get(2);
		ShieldSelector after = new ShieldSelector(ORIGIN, SHIELDS.stream().filter((s) -> !s.equals(removed)).toList());
		int moved = 0;
		for (String key : KEYS) {
			if (!before.primary(key).equals(after.primary(key))) {
				moved++;
				assertThat(before.primary(key)).isEqualTo(removed);
			}
		}
		assertThat(moved).isBetween(1800, 2200);
	}

}
