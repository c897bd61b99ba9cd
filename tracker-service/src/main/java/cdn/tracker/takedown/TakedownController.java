package cdn.tracker.takedown;

import java.time.Duration;
import java.util.List;

import cdn.kit.audit.AuditEntry;
import cdn.kit.web.AdminAuth;
import cdn.kit.web.ProblemException;
import cdn.kit.web.Problems;
import cdn.protocol.TrackId;
import cdn.tracker.config.TrackerProperties;
import cdn.tracker.store.PeerStore;
import reactor.core.publisher.Mono;

import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code PUT /v1/admin/takedowns/{trackId}} takes a track down in the store every replica
 * shares: at once no lookup names a holder of it, and each of its listeners is told at
 * its next announce ({@code "takenDown": true}), forgotten, and drops the track's
 * segments. {@code DELETE} lifts it, {@code GET /v1/admin/takedowns} lists them. Behind
 * {@code tracker.admin-token}, audited.
 */
@RestController
class TakedownController {

	private final PeerStore store;

	private final AdminAuth auth;

	private final Duration timeout;

	TakedownController(PeerStore store, AdminAuth trackerAdminAuth, TrackerProperties properties) {
		this.store = store;
		this.auth = trackerAdminAuth;
		this.timeout = properties.redis().timeout();
	}

	@GetMapping("/v1/admin/takedowns")
	Mono<List<String>> takedowns(ServerHttpRequest request) {
		AuditEntry.of(request).action("takedowns-read");
		this.auth.check(request);
		return stored(this.store.takenDown());
	}

	@PutMapping("/v1/admin/takedowns/{trackId}")
	Mono<Takedown> takeDown(@PathVariable String trackId, ServerHttpRequest request) {
		AuditEntry.of(request).action("takedown").target(trackId);
		this.auth.check(request);
		TrackId track = TrackId.of(trackId);
		return stored(this.store.takeDown(track)).thenReturn(new Takedown(track.value(), true));
	}

	@DeleteMapping("/v1/admin/takedowns/{trackId}")
	Mono<ResponseEntity<Void>> restore(@PathVariable String trackId, ServerHttpRequest request) {
		AuditEntry audit = AuditEntry.of(request).action("takedown-lift").target(trackId);
		this.auth.check(request);
		return stored(this.store.restore(TrackId.of(trackId))).map((was) -> {
			audit.detail("wasTakenDown", was);
			return ResponseEntity.noContent().build();
		});
	}

	private <T> Mono<T> stored(Mono<T> call) {
		return call.timeout(this.timeout)
			.onErrorMap((ex) -> !(ex instanceof ProblemException),
					(ex) -> Problems.serviceUnavailable("peer store unavailable", this.timeout));
	}

	/**
	 * @param trackId the track
	 * @param takenDown whether it is taken down now
	 */
	record Takedown(String trackId, boolean takenDown) {
	}

}
