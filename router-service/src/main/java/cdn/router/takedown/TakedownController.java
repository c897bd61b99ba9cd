package cdn.router.takedown;

import java.net.URI;
import java.util.List;

import cdn.kit.audit.AuditEntry;
import cdn.kit.web.AdminAuth;
import cdn.protocol.TrackId;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The operator's takedown (issue 16), behind {@code router.admin-token}, audited:
 * {@code POST /v1/admin/takedowns/{trackId}} stops routing the track at once and sends
 * the takedown to the origin, the tracker and every edge ({@link TakedownFanOut});
 * {@code DELETE} lifts it; {@code GET /v1/admin/takedowns} lists the router's. The answer
 * reports every target: 200 when all did it, else a 502 problem with the same report
 * (send it again: every step is idempotent).
 */
@RestController
class TakedownController {

	private final AdminAuth auth;

	private final TakedownFanOut fanOut;

	private final TakenDownTracks tracks;

	TakedownController(AdminAuth auth, TakedownFanOut fanOut, TakenDownTracks tracks) {
		this.auth = auth;
		this.fanOut = fanOut;
		this.tracks = tracks;
	}

	@PostMapping("/v1/admin/takedowns/{trackId}")
	Mono<ResponseEntity<Object>> takeDown(@PathVariable String trackId, ServerHttpRequest request) {
		AuditEntry audit = AuditEntry.of(request).action("takedown").target(trackId);
		this.auth.check(request);
		TrackId track = TrackId.of(trackId);
		// no route for it from now on, whatever the targets answer
		this.tracks.add(track);
		return this.fanOut.takeDown(track).map((targets) -> answer("takedown", track, targets, audit, request));
	}

	@DeleteMapping("/v1/admin/takedowns/{trackId}")
	Mono<ResponseEntity<Object>> lift(@PathVariable String trackId, ServerHttpRequest request) {
		AuditEntry audit = AuditEntry.of(request).action("lift-takedown").target(trackId);
		this.auth.check(request);
		TrackId track = TrackId.of(trackId);
		this.tracks.remove(track);
		return this.fanOut.lift(track).map((targets) -> answer("lift", track, targets, audit, request));
	}

	@GetMapping("/v1/admin/takedowns")
	List<String> list(ServerHttpRequest request) {
		AuditEntry.of(request).action("takedowns");
		this.auth.check(request);
		return this.tracks.trackIds();
	}

	private static ResponseEntity<Object> answer(String action, TrackId track,
			List<TakedownFanOut.TargetResult> targets, AuditEntry audit, ServerHttpRequest request) {
		long failed = targets.stream().filter((target) -> !target.done()).count();
		audit.detail("targets", targets.size()).detail("failed", failed);
		if (failed == 0) {
			return ResponseEntity.ok().body(new TakedownReport(track.value(), action, targets));
		}
		HttpStatus status = HttpStatus.BAD_GATEWAY;
		return ResponseEntity.status(status)
			.contentType(MediaType.APPLICATION_PROBLEM_JSON)
			.body(new TakedownProblem(URI.create("about:blank"), status.getReasonPhrase(), status.value(),
					failed + " of " + targets.size() + " targets failed: send it again", request.getPath().value(),
					track.value(), action, targets));
	}

	/**
	 * Answer when every target did it.
	 *
	 * @param trackId the track
	 * @param action {@code takedown} or {@code lift}
	 * @param targets each target's outcome: origin (takedown only), tracker, then the
	 * edges by URL
	 */
	record TakedownReport(String trackId, String action, List<TakedownFanOut.TargetResult> targets) {
	}

	/**
	 * An RFC 9457 problem (502) that carries the report.
	 *
	 * @param type {@code about:blank}
	 * @param title the status's reason phrase
	 * @param status 502
	 * @param detail how many targets failed
	 * @param instance the request's path
	 * @param trackId the track
	 * @param action {@code takedown} or {@code lift}
	 * @param targets each target's outcome
	 */
	record TakedownProblem(URI type, String title, int status, String detail, String instance, String trackId,
			String action, List<TakedownFanOut.TargetResult> targets) {
	}

}
