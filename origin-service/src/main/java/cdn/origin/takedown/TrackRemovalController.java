package cdn.origin.takedown;

import java.util.List;

import cdn.kit.audit.AuditEntry;
import cdn.kit.web.AdminAuth;
import cdn.kit.web.Problems;
import cdn.origin.live.LiveChannels;
import cdn.origin.store.TrackStore;
import cdn.protocol.TrackId;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code DELETE /v1/admin/tracks/{trackId}}: the origin's part of a takedown (issue 16),
 * behind the operator token ({@code origin.admin-token}), audited. The track's playlists
 * and the segments no other track refers to leave the store, so they answer 404 from then
 * on (no tombstone: the id may be ingested again); the answer names the deleted segments,
 * which the router hands to the edges to block. A live channel is configuration, not
 * stored content: 409.
 */
@RestController
class TrackRemovalController {

	private final AdminAuth auth;

	private final TrackStore store;

	private final LiveChannels live;

	/**
	 * @param auth the operator token of ingest ({@code origin.admin-token}): without one,
	 * removal is off as well (403)
	 */
	TrackRemovalController(AdminAuth auth, TrackStore store, LiveChannels live) {
		this.auth = auth;
		this.store = store;
		this.live = live;
	}

	@DeleteMapping("/v1/admin/tracks/{trackId}")
	Mono<RemovalReport> remove(@PathVariable String trackId, ServerHttpRequest request) {
		AuditEntry audit = AuditEntry.of(request).action("delete-track").target(trackId);
		this.auth.check(request);
		TrackId id = TrackId.of(trackId);
		if (this.live.find(id).isPresent()) {
			throw Problems.of(HttpStatus.CONFLICT,
					"'" + trackId + "' is a live channel: take it off the air in origin.live.channels");
		}
		return Mono.fromCallable(() -> this.store.remove(id))
			.subscribeOn(Schedulers.boundedElastic())
			.map((removal) -> removal.orElseThrow(() -> Problems.notFound("unknown track '" + trackId + "'")))
			.map((removal) -> {
				audit.detail("playlists", removal.playlists())
					.detail("segments", removal.segments().size())
					.detail("shared", removal.sharedSegments());
				return new RemovalReport(trackId, removal.playlists(), removal.segments(), removal.sharedSegments());
			});
	}

	/**
	 * Answer of a removal.
	 *
	 * @param trackId the track
	 * @param playlists playlists removed (master and media)
	 * @param segments file names ({@code {sha256}.m4s}) of the segments deleted: those
	 * only this track had
	 * @param sharedSegments its segments kept because another track refers to them (the
	 * ladder's init segments, typically)
	 */
	record RemovalReport(String trackId, int playlists, List<String> segments, int sharedSegments) {
	}

}
