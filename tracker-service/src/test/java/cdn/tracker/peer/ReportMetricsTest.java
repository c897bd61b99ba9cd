package cdn.tracker.peer;

import cdn.protocol.tracker.ReportReason;
import cdn.tracker.store.ReportResult;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReportMetricsTest {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final ReportMetrics metrics = new ReportMetrics(this.registry);

	@Test
	void reportsAreCountedByReasonAndOutcomeEveryPairFromTheStart() {
		assertThat(this.registry.find("cdn.tracker.reports").counters()).hasSize(5 * 4);

		this.metrics.reported(ReportReason.HASH_MISMATCH, ReportResult.Outcome.QUARANTINED);
		this.metrics.reported(ReportReason.HASH_MISMATCH, ReportResult.Outcome.QUARANTINED);
		this.metrics.reported(ReportReason.TIMEOUT, ReportResult.Outcome.REPORTER_UNKNOWN);

		assertThat(count("hash-mismatch", "quarantined")).isEqualTo(2);
		assertThat(count("timeout", "reporter_unknown")).isEqualTo(1);
		assertThat(count("timeout", "recorded")).isZero();
	}

	private double count(String reason, String outcome) {
		return this.registry.get("cdn.tracker.reports").tag("reason", reason).tag("outcome", outcome).counter().count();
	}

}
