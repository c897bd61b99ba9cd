package cdn.kit.rules;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one matching of the operator's tenant and track patterns (residency, P2P switches,
 * relay-only in the tracker and signaling).
 */
class RulePatternTest {

	@Test
	void anyPrefixOrExactlyOne() {
		for (String any : new String[] { null, "", "*" }) {
			assertThat(RulePattern.isAny(any)).isTrue();
			assertThat(RulePattern.matches(any, "acme")).isTrue();
			assertThat(RulePattern.matches(any, null)).as("a value not known matches any").isTrue();
		}
		assertThat(RulePattern.matches("acme*", "acme")).isTrue();
		assertThat(RulePattern.matches("acme*", "acme-eu")).isTrue();
		assertThat(RulePattern.matches("acme*", "other")).isFalse();
		assertThat(RulePattern.matches("acme", "acme-eu")).isFalse();
		assertThat(RulePattern.matches("acme", "acme")).isTrue();
		assertThat(RulePattern.matches("acme", null)).as("a value not known matches no other pattern").isFalse();
		assertThat(RulePattern.matches("acme*", null)).isFalse();
	}

	@Test
	void aRuleAppliesWhenTenantAndTrackMatch() {
		assertThat(RulePattern.matches("acme*", "private-*", "acme-eu", "private-gig")).isTrue();
		assertThat(RulePattern.matches("acme*", "private-*", "other", "private-gig")).isFalse();
		assertThat(RulePattern.matches("acme*", "private-*", "acme", "public-gig")).isFalse();
		assertThat(RulePattern.matches("acme", null, "acme", null)).as("a tenant rule, track not known").isTrue();
		assertThat(RulePattern.matches(null, "show", "acme", null)).as("a track rule needs the track").isFalse();
	}

	@Test
	void tenantAndTrackPatternsTheRulesAccept() {
		assertThat(RulePattern.isTenantPattern("gdpr-tenant")).isTrue();
		assertThat(RulePattern.isTenantPattern("Acme.EU_1")).isTrue();
		assertThat(RulePattern.isTenantPattern("acme*")).as("a tenant prefix, as P2P switches take it").isTrue();
		assertThat(RulePattern.isTenantPattern("*")).isTrue();
		assertThat(RulePattern.isTenantPattern(null)).isTrue();
		assertThat(RulePattern.isTenantPattern("no spaces")).isFalse();
		assertThat(RulePattern.isTenantPattern("two*stars*")).isFalse();
		assertThat(RulePattern.isTenantPattern("a".repeat(65))).isFalse();
		assertThat(RulePattern.isTrackPattern("private-gig")).isTrue();
		assertThat(RulePattern.isTrackPattern("private-*")).isTrue();
		assertThat(RulePattern.isTrackPattern("Upper-Case")).isFalse();
		assertThat(RulePattern.isTrackPattern("two*stars*")).isFalse();
		assertThat(RulePattern.isTrackPattern("a".repeat(65))).isFalse();
		assertThat(RulePattern.isTrackPattern("a".repeat(64) + "*")).isTrue();
	}

}
