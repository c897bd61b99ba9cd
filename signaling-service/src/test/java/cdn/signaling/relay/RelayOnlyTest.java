package cdn.signaling.relay;

import java.util.List;

import cdn.signaling.config.SignalingProperties.RelayOnlyRule;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Which listeners are relay-only: rules matched as the tracker's relay-only rules and P2P
 * switches match (tenant and track each any, a prefix or exactly one).
 */
class RelayOnlyTest {

	@Test
	void aRuleMatchesItsTenantAndTrackEachAPrefixOrAny() {
		RelayOnly relayOnly = new RelayOnly(
				List.of(new RelayOnlyRule("gdpr-*", null), new RelayOnlyRule(null, "private-*")));
		assertThat(relayOnly.applies("gdpr-eu", "any-track")).as("a tenant prefix, as P2P switches take it").isTrue();
		assertThat(relayOnly.applies("gdpr-eu", null)).isTrue();
		assertThat(relayOnly.applies("acme", "private-gig")).isTrue();
		assertThat(relayOnly.applies("acme", "public-gig")).isFalse();
		assertThat(relayOnly.applies("acme", null)).as("a track rule needs the track").isFalse();
		assertThat(relayOnly.appliesToSwarm("acme", "private-gig/a128")).isTrue();
		assertThat(relayOnly.appliesToSwarm("acme", "public-gig/a128")).isFalse();
	}

	@Test
	void malformedRulesAreRefusedAtStartup() {
		assertThatIllegalArgumentException().isThrownBy(() -> new RelayOnlyRule("no spaces", null));
		assertThatIllegalArgumentException().isThrownBy(() -> new RelayOnlyRule("two*stars*", null));
		assertThatIllegalArgumentException().isThrownBy(() -> new RelayOnlyRule(null, "Upper-Case"));
		assertThatIllegalArgumentException().isThrownBy(() -> new RelayOnlyRule(null, "two*stars*"));
	}

}
