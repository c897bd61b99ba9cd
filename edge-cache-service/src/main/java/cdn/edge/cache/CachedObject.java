package cdn.edge.cache;

import java.time.Duration;
import java.time.Instant;

import cdn.edge.ContentPath;

/**
 * One cached answer: always a complete, verified {@code 200} body with the headers an
 * edge passes on. Immutable; a refresh replaces it.
 *
 * @param path what it is
 * @param body the whole body
 * @param contentType {@code Content-Type}
 * @param etag strong {@code ETag}
 * @param cacheControl the upstream's {@code Cache-Control}, passed on to clients
 * @param fetchedAt when the upstream answered (edge clock)
 * @param initialAgeSeconds the upstream's {@code Age} at that time
 * @param freshness how long it may be served
 * @param fromDisk whether this copy was read from the disk tier rather than fetched
 * @param failedAt when a revalidation last failed, else {@code null}
 */
public record CachedObject(ContentPath path, byte[] body, String contentType, String etag, String cacheControl,
		Instant fetchedAt, long initialAgeSeconds, Freshness freshness, boolean fromDisk, Instant failedAt) {

	/** Bookkeeping bytes counted on top of the body. */
	private static final int OVERHEAD = 256;

	/** Current age: the upstream's {@code Age} plus the time since the fetch. */
	public Duration age(Instant now) {
		Duration resident = Duration.between(this.fetchedAt, now);
		return Duration.ofSeconds(this.initialAgeSeconds).plus(resident.isNegative() ? Duration.ZERO : resident);
	}

	public boolean isFresh(Instant now) {
		return this.freshness.immutable() || age(now).compareTo(this.freshness.maxAge()) < 0;
	}

	/** Expired, but young enough to serve while a background refresh runs. */
	public boolean servableWhileRevalidating(Instant now) {
		return age(now).compareTo(this.freshness.maxAge().plus(this.freshness.staleWhileRevalidate())) < 0;
	}

	/** Expired, but young enough to serve when the upstream fails. */
	public boolean servableOnError(Instant now) {
		return isFresh(now) || age(now).compareTo(this.freshness.maxAge().plus(this.freshness.staleIfError())) < 0;
	}

	/** Whether a revalidation failed less than {@code holdDown} ago. */
	public boolean failedWithin(Instant now, Duration holdDown) {
		return this.failedAt != null && Duration.between(this.failedAt, now).compareTo(holdDown) < 0;
	}

	public int weight() {
		return this.body.length + this.path.value().length() + OVERHEAD;
	}

	/** This copy, marked as not refreshable at {@code now}. */
	public CachedObject failed(Instant now) {
		return new CachedObject(this.path, this.body, this.contentType, this.etag, this.cacheControl, this.fetchedAt,
				this.initialAgeSeconds, this.freshness, this.fromDisk, now);
	}

	/** This copy, confirmed unchanged by a {@code 304} at {@code now}. */
	public CachedObject revalidated(Instant now, String newCacheControl, long ageSeconds, Freshness newFreshness) {
		return new CachedObject(this.path, this.body, this.contentType, this.etag,
				(newCacheControl != null) ? newCacheControl : this.cacheControl, now, ageSeconds, newFreshness, false,
				null);
	}

}
