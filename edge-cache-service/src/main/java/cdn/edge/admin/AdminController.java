package cdn.edge.admin;

import cdn.edge.cache.EdgeCache;
import cdn.edge.config.EdgeProperties;
import cdn.edge.content.ContentPath;
import cdn.kit.audit.AuditEntry;
import cdn.kit.web.AdminAuth;
import cdn.kit.web.Problems;
import cdn.protocol.TrackId;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Operator endpoints, all behind the admin token: warm a track, purge by key or prefix,
 * pin a track so eviction never touches it, and see the tiers' sizes. Each call is
 * audited ({@link AdminAuditConfiguration}).
 */
@RestController
class AdminController {

	/** Longest purge prefix accepted. */
	private static final int MAX_PREFIX = 512;

	private final AdminAuth auth;

	private final Prefetcher prefetcher;

	private final EdgeCache cache;

	private final long pinnedMaxBytes;

	AdminController(AdminAuth auth, Prefetcher prefetcher, EdgeCache cache, EdgeProperties properties) {
		this.auth = auth;
		this.prefetcher = prefetcher;
		this.cache = cache;
		this.pinnedMaxBytes = properties.cache().pinnedMaxSize().toBytes();
	}

	@PostMapping("/v1/admin/prefetch")
	Mono<Prefetcher.PrefetchReport> prefetch(@RequestBody TrackRequest body, ServerHttpRequest request) {
		AuditEntry.of(request).action("prefetch").target(body.trackId());
		this.auth.check(request);
		return this.prefetcher.warm(body.track()).map(Prefetcher.Warmed::report);
	}

	@PostMapping("/v1/admin/purge")
	PurgeReport purge(@RequestBody PurgeRequest body, ServerHttpRequest request) {
		AuditEntry audit = AuditEntry.of(request)
			.action("purge")
			.target((body.key() != null) ? body.key() : body.prefix());
		this.auth.check(request);
		if ((body.key() == null) == (body.prefix() == null)) {
			throw Problems.badRequest("give exactly one of key or prefix");
		}
		if (body.key() != null) {
			return purged(audit, this.cache.purge(ContentPath.parse(body.key())) ? 1 : 0);
		}
		if (!body.prefix().startsWith("/") || body.prefix().length() > MAX_PREFIX) {
			throw Problems.badRequest("prefix must be a path starting with / of at most " + MAX_PREFIX + " characters");
		}
		return purged(audit, this.cache.purgePrefix(body.prefix()));
	}

	private static PurgeReport purged(AuditEntry audit, int purged) {
		audit.detail("purged", purged);
		return new PurgeReport(purged);
	}

	@PostMapping("/v1/admin/pins")
	Mono<Prefetcher.PrefetchReport> pin(@RequestBody TrackRequest body, ServerHttpRequest request) {
		AuditEntry.of(request).action("pin").target(body.trackId());
		this.auth.check(request);
		TrackId trackId = body.track();
		return this.prefetcher.warm(trackId).map((warmed) -> {
			if (this.cache.pinnedWeight() + warmed.report().bytes() > this.pinnedMaxBytes) {
				throw Problems.of(HttpStatus.CONFLICT, "pinning would exceed edge.cache.pinned-max-size");
			}
			this.cache.pin(trackId, warmed.keys());
			return warmed.report();
		});
	}

	@DeleteMapping("/v1/admin/pins/{trackId}")
	ResponseEntity<Void> unpin(@PathVariable String trackId, ServerHttpRequest request) {
		AuditEntry.of(request).action("unpin").target(trackId);
		this.auth.check(request);
		if (!this.cache.unpin(TrackId.of(trackId))) {
			throw Problems.notFound("track is not pinned");
		}
		return ResponseEntity.noContent().build();
	}

	@GetMapping("/v1/admin/cache")
	EdgeCache.CacheStats stats(ServerHttpRequest request) {
		AuditEntry.of(request).action("cache-stats");
		this.auth.check(request);
		return this.cache.stats();
	}

	/**
	 * Body of prefetch and pin.
	 *
	 * @param trackId the track
	 */
	record TrackRequest(String trackId) {

		TrackId track() {
			if (this.trackId == null) {
				throw Problems.badRequest("trackId is required");
			}
			return TrackId.of(this.trackId);
		}

	}

	/**
	 * Body of purge: exactly one of the two.
	 *
	 * @param key an exact content path, e.g. {@code /tracks/x/master.m3u8}
	 * @param prefix a path prefix, e.g. {@code /tracks/x/}
	 */
	record PurgeRequest(String key, String prefix) {
	}

	/**
	 * Answer of purge.
	 *
	 * @param purged keys dropped from memory or disk
	 */
	record PurgeReport(int purged) {
	}

}
