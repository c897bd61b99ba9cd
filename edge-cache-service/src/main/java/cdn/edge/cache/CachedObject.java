package cdn.edge.cache;

import java.time.Duration;
import java.time.Instant;

import cdn.edge.content.ContentPath;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;

/**
 * One cached answer: always a complete, verified {@code 200} body with the headers an
 * edge passes on. Immutable; a refresh replaces it.
 *
 * @param path what it is
 * @param content the whole body, off-heap and shared by every response that sends it (see
 * {@link #offHeap}); never modified
 * @param contentType {@code Content-Type}
 * @param etag strong {@code ETag}
 * @param cacheControl the upstream's {@code Cache-Control}, passed on to clients
 * @param fetchedAt when the upstream answered (edge clock)
 * @param initialAgeSeconds the upstream's {@code Age} at that time
 * @param freshness how long it may be served
 * @param fromDisk whether this copy was read from the disk tier rather than fetched
 * @param failedAt when a revalidation last failed, else {@code null}
 */
public record CachedObject(ContentPath path, ByteBuf content, String contentType, String etag, String cacheControl,
		Instant fetchedAt, long initialAgeSeconds, Freshness freshness, boolean fromDisk, Instant failedAt) {

	/** Bookkeeping bytes counted on top of the body. */
	private static final int OVERHEAD = 256;

	/**
	 * {@code body} copied once into a direct buffer that responses send as
	 * {@link ByteBuf#duplicate() duplicates} (no copy, no allocation per response). The
	 * buffer ignores {@code release()}: its memory goes with the last reference, through
	 * the garbage collector, so an evicted object still being written stays valid.
	 */
	public static ByteBuf offHeap(byte[] body) {
		java.nio.ByteBuffer direct = java.nio.ByteBuffer.allocateDirect(body.length);
		direct.put(body).flip();
		return Unpooled.unreleasableBuffer(Unpooled.wrappedBuffer(direct));
	}

	/** Body length in bytes. */
	public int size() {
		return this.content.readableBytes();
	}

	/**
	 * A heap copy of the body, for the paths that need an array (ranges, disk, parsing).
	 */
	public byte[] body() {
		return ByteBufUtil.getBytes(this.content);
	}

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
		return size() + this.path.value().length() + OVERHEAD;
	}

	/** This copy, marked as not refreshable at {@code now}. */
	public CachedObject failed(Instant now) {
		return new CachedObject(this.path, this.content, this.contentType, this.etag, this.cacheControl, this.fetchedAt,
				this.initialAgeSeconds, this.freshness, this.fromDisk, now);
	}

	/** This copy, confirmed unchanged by a {@code 304} at {@code now}. */
	public CachedObject revalidated(Instant now, String newCacheControl, long ageSeconds, Freshness newFreshness) {
		return new CachedObject(this.path, this.content, this.contentType, this.etag,
				(newCacheControl != null) ? newCacheControl : this.cacheControl, now, ageSeconds, newFreshness, false,
				null);
	}

}
