package cdn.edge.upstream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryBudgetTest {

	@Test
	void aBurstOfRetriesThenOnlyTheRatioOfFetches() {
		RetryBudget budget = new RetryBudget(0.2);
		int retries = 0;
		for (int fetch = 0; fetch < 100; fetch++) {
			budget.onFetch();
			if (budget.tryRetry()) {
				retries++;
			}
		}
		// 10 saved at start, then one per 5 fetches
		assertThat(retries).isBetween(26, 30);
	}

	@Test
	void zeroRatioAllowsOnlyTheBurst() {
		RetryBudget budget = new RetryBudget(0);
		int retries = 0;
		for (int fetch = 0; fetch < 50; fetch++) {
			budget.onFetch();
			retries += budget.tryRetry() ? 1 : 0;
		}
		assertThat(retries).isEqualTo(10);
	}

}
