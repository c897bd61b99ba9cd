package cdn.tracker.sharing;

import cdn.tracker.config.TrackerProperties.ResidencyRule;
import cdn.tracker.config.TrackerProperties.ResidencyScope;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Relay-only rules match tenants and tracks as residency rules and P2P switches do (one
 * matching, {@code cdn.kit.rules.RulePattern}).
 */
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
	void aTenantPrefixMatchesAsInP2pSwitchesAndResidencyRules() {
		RelayOnlyRule relayOnly = new RelayOnlyRule("acme*", null);
		assertThat(relayOnly.matches("acme-eu", "any-track")).isTrue();
		assertThat(relayOnly.matches("other", "any-track")).isFalse();
		P2pRule p2p = new P2pRule("acme*", null, null, 0);
		ResidencyRule residency = new ResidencyRule("acme*", null, ResidencyScope.REGION, null);
		for (String tenant : new String[] { "acme", "acme-eu", "other" }) {
			for (String track : new String[] { "gig", null }) {
				assertThat(p2p.matches(tenant, "us-east", track)).as("%s %s", tenant, track)
					.isEqualTo(relayOnly.matches(tenant, track));
				assertThat(residency.matches(tenant, track)).as("%s %s", tenant, track)
					.isEqualTo(relayOnly.matches(tenant, track));
			}
		}
	}

	@Test
	void aTrackRuleDoesNotMatchATrackNotKnownInAnyRule() {
		assertThat(new ResidencyRule(null, "private-*", ResidencyScope.REGION, null).matches("acme", null)).isFalse();
		assertThat(new P2pRule(null, "us-east", null, 0).matches("acme", null, null)).isFalse();
		assertThat(new P2pRule(null, null, "private-*", 0).matches("acme", "us-east", null)).isFalse();
	}

	@Test
	void malformedRulesAreRefusedAtStartup() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RelayOnlyRule("no spaces", null));
		assertThatIllegalArgumentException().isThrownBy(() -> new RelayOnlyRule("two*stars*", null));
		assertThatIllegalArgumentException().isThrownBy(() -> new RelayOnlyRule(null, "Upper-Case"));
		assertThatIllegalArgumentException().isThrownBy(() -> new RelayOnlyRule(null, "two*stars*"));
	}

}
