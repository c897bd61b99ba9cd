package cdn.tracker.peer;

import java.time.Clock;
import java.time.Duration;
import java.util.Locale;

import cdn.kit.audit.AuditEntry;
import cdn.kit.audit.AuditLog;
import cdn.kit.web.ProblemException;
import cdn.kit.web.Problems;
import cdn.protocol.InvalidIdException;
import cdn.protocol.PeerId;
import cdn.protocol.tracker.PeerReport;
import cdn.protocol.tracker.ReportReason;
import cdn.tracker.config.TrackerProperties;
import cdn.tracker.limits.PeerApiLimits;
import cdn.tracker.tokens.ListenerAuth;
import cdn.tracker.store.PeerStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Removing a peer and reporting one. A report counts only from a live registered peer,
 * once per reporter; enough distinct reporters within the window quarantine the peer.
 * Every report is audited ({@link ReportAuditConfiguration}).
 */
@RestController
class PeerController {

	private static final Logger log = LoggerFactory.getLogger(PeerController.class);

	private final PeerStore store;

	private final Clock clock;

	private final Duration timeout;

	private final ReportMetrics metrics;

	private final ListenerAuth auth;

	private final PeerApiLimits limits;

	PeerController(PeerStore store, Clock clock, TrackerProperties properties, ReportMetrics metrics, ListenerAuth auth,
			PeerApiLimits limits) {
		this.store = store;
		this.auth = auth;
		this.limits = limits;
		this.metrics = metrics;
		this.clock = clock;
		this.timeout = properties.redis().timeout();
	}

	@DeleteMapping("/v1/peers/{peerId}")
	Mono<ResponseEntity<Void>> remove(@PathVariable String peerId, ServerHttpRequest request) {
		// leaving is limited per address only: it frees what the peer holds
		this.limits.checkAddress(request);
		this.auth.check(request, peerId);
		PeerId id = PeerId.of(peerId);
		return unavailableOnFailure(this.store.remove(id)).thenReturn(ResponseEntity.noContent().build());
	}

	@PostMapping("/v1/peers/{peerId}/reports")
	Mono<ResponseEntity<Void>> report(@PathVariable String peerId, @RequestBody PeerReport report,
			ServerHttpRequest request) {
		AuditEntry audit = AuditEntry.of(request).action("peer-report").target(AuditLog.peer(peerId));
		audit.actor((report.reporter() != null) ? AuditLog.peer(report.reporter()) : "unknown")
			.detail("reason", report.reason());
		this.limits.checkAddress(request);
		// a peer reports as itself
		this.auth.check(request, report.reporter());
		PeerId peer = PeerId.of(peerId);
		if (report.reporter() == null) {
			throw new InvalidIdException("reporter is required");
		}
		PeerId reporter = PeerId.of(report.reporter());
		ReportReason reason = ReportReason.of(report.reason());
		if (peer.equals(reporter)) {
			throw new InvalidIdException("a peer cannot report itself");
		}
		this.limits.checkPeer(reporter.value());
		return unavailableOnFailure(this.store.report(peer, reporter, this.clock.instant())).map((result) -> {
			this.metrics.reported(reason, result.outcome());
			audit.detail("result", result.outcome().name().toLowerCase(Locale.ROOT));
			switch (result.outcome()) {
				case PEER_UNKNOWN -> throw Problems.notFound("unknown peer");
				case REPORTER_UNKNOWN -> throw Problems.forbidden("reporter is not a live registered peer");
				case QUARANTINED ->
					log.info("Peer {} quarantined until {} (last reason: {})", peer, result.quarantinedUntil(), reason);
				default -> {
				}
			}
			return ResponseEntity.accepted().build();
		});
	}

	private <T> Mono<T> unavailableOnFailure(Mono<T> operation) {
		return operation.timeout(this.timeout)
			.onErrorMap((ex) -> !(ex instanceof ProblemException),
					(ex) -> Problems.serviceUnavailable("peer store unavailable", Duration.ofSeconds(5)));
	}

}
