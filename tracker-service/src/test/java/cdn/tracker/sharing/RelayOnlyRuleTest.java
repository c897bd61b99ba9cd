package cdn.tracker.sharing;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Relay-only rules match tenants and tracks as residency rules and P2P switches do. */
class RelayOnlyRuleTest {

	@Test
	void aRuleMatchesItsTenantAndTrackOrEveryOne() {
		assertThat(new RelayOnlyRule("gdpr", null).matches("gdpr", "any-track")).isTrue();
		assertThat(new RelayOnlyRule("gdpr", null).matches("acme", "any-track")).isFalse();
		assertThat(new RelayOnlyRule(null, "private-*").matches("acme", "private-gig")).isTrue();
		assertThat(new RelayOnlyRule("*", "private-*").matches("acme", "public-gig")).isFalse();
		assertThat(new RelayOnlyRule("acme", "show").matches("acme", "shows")).isFalse();
		assertThat(new RelayOnlyRule(null, "show").matches("acme", null)).as("a track rule needs the track").isFalse();
		assertThat(new RelayOnlyRule("", "").matches("anyone", null)).isTrue();
	}

	@Test
	void malformedRulesAreRefusedAtStartup() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RelayOnlyRule("no spaces", null));
		assertThatIllegalArgumentException().isThrownBy(() -> new RelayOnlyRule(null, "Upper-Case"));
		assertThatIllegalArgumentException().isThrownBy(() -> new RelayOnlyRule(null, "two*stars*"));
	}

}
