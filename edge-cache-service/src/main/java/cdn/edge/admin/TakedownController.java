package cdn.edge.admin;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import cdn.edge.cache.CachedObject;
import cdn.edge.cache.EdgeCache;
import cdn.edge.content.ContentPath;
import cdn.edge.takedown.Takedowns;
import cdn.kit.audit.AuditEntry;
import cdn.kit.web.AdminAuth;
import cdn.kit.web.Problems;
import cdn.protocol.SegmentName;
import cdn.protocol.TrackId;
import io.lindstrom.m3u8.parser.PlaylistParserException;

import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * A takedown at this edge (issue 16), behind the admin token and audited like purge:
 * {@code PUT /v1/admin/takedowns/{trackId}} blocks the track ({@link Takedowns}: its
 * playlists and the segments named in the body answer 410) and then purges its playlists,
 * those segments, the segments its cached media playlists name, and the catalog;
 * {@code DELETE} lifts it; {@code GET /v1/admin/takedowns} lists them. Blocking comes
 * first, so a fetch in flight during the purge is not kept.
 */
@RestController
class TakedownController {

	/** Most segments one takedown may name (a 30 min track has some 1,350). */
	static final int MAX_SEGMENTS = 20_000;

	private final AdminAuth auth;

	private final EdgeCache cache;

	private final Takedowns takedowns;

	TakedownController(AdminAuth auth, EdgeCache cache, Takedowns takedowns) {
		this.auth = auth;
		this.cache = cache;
		this.takedowns = takedowns;
	}

	@PutMapping("/v1/admin/takedowns/{trackId}")
	TakedownReport takeDown(@PathVariable String trackId, @RequestBody(required = false) TakedownRequest body,
			ServerHttpRequest request) {
		AuditEntry audit = AuditEntry.of(request).action("takedown").target(trackId);
		this.auth.check(request);
		TrackId track = TrackId.of(trackId);
		List<SegmentName> blocked = (body != null) ? body.segmentNames() : List.of();
		// the segments its cached playlists name, read before the purge drops them:
		// purged
		// (a copy another track shares is fetched again), not blocked
		Set<String> purge = new LinkedHashSet<>();
		for (CachedObject playlist : this.cache.heldMediaPlaylists(track)) {
			try {
				PlaylistUris.segments(playlist.path(), playlist.body()).forEach((path) -> purge.add(path.value()));
			}
			catch (PlaylistParserException ex) {
				// nothing to read from it: it is purged with the track's prefix
			}
		}
		int blockedCount = this.takedowns.takeDown(track, blocked);
		blocked.forEach((name) -> purge.add(name.path()));
		int purged = this.cache.purgePrefix("/tracks/" + trackId + "/");
		for (String path : purge) {
			purged += this.cache.purge(ContentPath.parse(path)) ? 1 : 0;
		}
		// the catalog names the track until it expires: the next request asks the origin
		this.cache.purge(ContentPath.CATALOG);
		audit.detail("blockedSegments", blockedCount).detail("purged", purged);
		return new TakedownReport(trackId, blockedCount, purged);
	}

	@DeleteMapping("/v1/admin/takedowns/{trackId}")
	ResponseEntity<Void> lift(@PathVariable String trackId, ServerHttpRequest request) {
		AuditEntry audit = AuditEntry.of(request).action("lift-takedown").target(trackId);
		this.auth.check(request);
		TrackId track = TrackId.of(trackId);
		Set<SegmentName> released = this.takedowns.lift(track);
		if (released == null) {
			throw Problems.notFound("track is not taken down");
		}
		// forget the 404s remembered while it was gone (re-ingested content is served at
		// once)
		this.cache.purgePrefix("/tracks/" + trackId + "/");
		released.forEach((name) -> this.cache.purge(ContentPath.segment(name)));
		this.cache.purge(ContentPath.CATALOG);
		audit.detail("releasedSegments", released.size());
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/v1/admin/takedowns")
	List<String> list(ServerHttpRequest request) {
		AuditEntry.of(request).action("takedowns");
		this.auth.check(request);
		return this.takedowns.trackIds();
	}

	/**
	 * Body of a takedown, optional.
	 *
	 * @param segments file names ({@code {sha256}.m4s}, {@code .mp4}, {@code .ts}) of the
	 * segments to block with the track: those only it had (the origin's removal names
	 * them); without, only its playlists are blocked
	 */
	record TakedownRequest(List<String> segments) {

		List<SegmentName> segmentNames() {
			if (this.segments == null) {
				return List.of();
			}
			if (this.segments.size() > MAX_SEGMENTS) {
				throw Problems.badRequest("at most " + MAX_SEGMENTS + " segments per takedown");
			}
			return this.segments.stream().map((file) -> {
				if (file == null) {
					throw Problems.badRequest("segments must be segment file names");
				}
				return SegmentName.parse(file);
			}).distinct().toList();
		}

	}

	/**
	 * Answer of a takedown.
	 *
	 * @param trackId the track
	 * @param blockedSegments segments blocked with it (410)
	 * @param purged objects dropped from memory or disk
	 */
	record TakedownReport(String trackId, int blockedSegments, int purged) {
	}

}
