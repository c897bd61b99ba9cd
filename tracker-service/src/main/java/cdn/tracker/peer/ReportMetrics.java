package cdn.tracker.peer;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import cdn.protocol.tracker.ReportReason;
import cdn.tracker.store.ReportResult;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.stereotype.Component;

/**
 * {@code cdn.tracker.reports} by {@code reason} (the protocol's closed list) and
 * {@code outcome=recorded|quarantined|peer_unknown|reporter_unknown}: 20 series at most,
 * all registered up front so that a swarm without reports reads 0.
 */
@Component
class ReportMetrics {

	private final Map<ReportReason, Map<ReportResult.Outcome, Counter>> reports = new EnumMap<>(ReportReason.class);

	ReportMetrics(MeterRegistry registry) {
		for (ReportReason reason : ReportReason.values()) {
			Map<ReportResult.Outcome, Counter> byOutcome = new EnumMap<>(ReportResult.Outcome.class);
			for (ReportResult.Outcome outcome : ReportResult.Outcome.values()) {
				byOutcome.put(outcome,
						Counter.builder("cdn.tracker.reports")
							.description("Peer reports by reason and what they did")
							.tag("reason", reason.id())
							.tag("outcome", outcome.name().toLowerCase(Locale.ROOT))
							.register(registry));
			}
			this.reports.put(reason, byOutcome);
		}
	}

	void reported(ReportReason reason, ReportResult.Outcome outcome) {
		this.reports.get(reason).get(outcome).increment();
	}

}
