package cdn.edge.cache;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import cdn.edge.config.EdgeProperties;
import cdn.edge.content.ContentPath;
import cdn.edge.takedown.Takedowns;
import cdn.edge.upstream.UpstreamClient;
import cdn.edge.upstream.UpstreamException;
import cdn.edge.upstream.UpstreamFailure;
import cdn.edge.upstream.UpstreamResponse;
import cdn.protocol.SegmentId;
import cdn.protocol.TrackId;
import cdn.protocol.edge.CacheStatus;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.util.context.Context;

/**
 * The edge's cache: a byte-weighted W-TinyLFU memory tier (Caffeine), an optional disk
 * tier of segments, and the upstream behind them.
 * <ul>
 * <li>Coalescing: the memory tier is an {@link AsyncCache} of futures, so any number of
 * concurrent misses of one key share one load and get the bytes the moment it completes;
 * a failed load is dropped so the next request tries again.</li>
 * <li>Freshness ({@link Freshness}): segments never go stale; a playlist past its
 * lifetime is served at once while one background refresh runs (stale-while-revalidate),
 * and served stale when a refresh fails (stale-if-error). A failed refresh never replaces
 * a good copy.</li>
 * <li>Pinned keys weigh nothing, so size eviction never touches them.</li>
 * <li>Takedowns ({@link Takedowns}): a blocked path is never served, by a lookup, a
 * coalesced wait that began before the takedown or {@link #peekFresh} (the fast path),
 * and a fetch that completes after it is not kept.</li>
 * </ul>
 */
public class EdgeCache {

	private static final Logger log = LoggerFactory.getLogger(EdgeCache.class);

	private final AsyncCache<String, CachedObject> memory;

	/** Refreshes of expired copies in flight, one per key. */
	private final Map<String, CompletableFuture<CachedObject>> revalidations = new ConcurrentHashMap<>();

	/**
	 * Keys the upstream answered {@code 404} for, within {@code edge.cache.negative-ttl}.
	 */
	private final com.github.benmanes.caffeine.cache.Cache<String, Boolean> notFound;

	private final Set<String> pinnedKeys = ConcurrentHashMap.newKeySet();

	private final Map<TrackId, Set<String>> pinnedTracks = new ConcurrentHashMap<>();

	private final UpstreamClient upstream;

	private final DiskTier disk;

	private final TrackDemand demand;

	private final Takedowns takedowns;

	private final Clock clock;

	private final EdgeProperties.Cache settings;

	private final Counter coalescedWaiters;

	public EdgeCache(UpstreamClient upstream, DiskTier disk, TrackDemand demand, Takedowns takedowns, Clock clock,
			EdgeProperties.Cache settings, MeterRegistry registry) {
		this.upstream = upstream;
		this.disk = disk;
		this.demand = demand;
		this.takedowns = takedowns;
		this.clock = clock;
		this.settings = settings;
		Counter memoryEvictions = evictions(registry, "memory");
		this.memory = Caffeine.newBuilder()
			.maximumWeight(settings.memorySize().toBytes())
			.weigher((String key, CachedObject object) -> this.pinnedKeys.contains(key) ? 0 : object.weight())
			.expireAfter(new Retention())
			.ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
			.evictionListener((String key, CachedObject object, RemovalCause cause) -> {
				if (cause == RemovalCause.SIZE) {
					memoryEvictions.increment();
				}
			})
			.buildAsync();
		this.notFound = Caffeine.newBuilder()
			.maximumSize(NOT_FOUND_KEYS)
			.expireAfterWrite(settings.negativeTtl())
			.ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
			.build();
		this.coalescedWaiters = Counter.builder("cdn.edge.coalesced.waiters")
			.description("Requests that waited for a fetch another request started")
			.register(registry);
		Gauge.builder("cdn.edge.cache.weight", this, EdgeCache::memoryWeight)
			.description("Bytes held, by tier")
			.baseUnit("bytes")
			.tag("tier", "memory")
			.register(registry);
		Gauge.builder("cdn.edge.cache.weight", this, EdgeCache::pinnedWeight)
			.baseUnit("bytes")
			.tag("tier", "pinned")
			.register(registry);
		if (disk != null) {
			Gauge.builder("cdn.edge.cache.weight", disk, DiskTier::weight)
				.baseUnit("bytes")
				.tag("tier", "disk")
				.register(registry);
		}
	}

	/** The eviction counter of a tier, {@code cdn.edge.cache.evictions{tier}}. */
	public static Counter evictions(MeterRegistry registry, String tier) {
		return Counter.builder("cdn.edge.cache.evictions")
			.description("Objects evicted to stay within a tier's size bound")
			.tag("tier", tier)
			.register(registry);
	}

	/**
	 * The object at {@code path}: from memory, disk, a fetch another request started, or
	 * a new fetch. Fails with an {@link UpstreamException} when nothing servable is left.
	 */
	public Mono<Lookup> get(ContentPath path) {
		if (path.trackId() != null) {
			this.demand.record(path.trackId());
		}
		return lookup(path);
	}

	/**
	 * As {@link #get}, for the edge's own warming: not counted as demand, or the tracks
	 * warmed by {@code edge.prefetch.top-n} would keep themselves on top.
	 */
	public Mono<Lookup> warm(ContentPath path) {
		return lookup(path);
	}

	/**
	 * Runs when subscribed, with the subscriber's context: a fetch started here carries
	 * its requester's trace (the upstream span is a child of that request's span).
	 */
	private Mono<Lookup> lookup(ContentPath path) {
		return Mono.deferContextual((requester) -> lookup(path, Context.of(requester))).map((found) -> {
			// a wait that began before a takedown ends in it
			if (this.takedowns.blocks(path)) {
				throw Takedowns.gone();
			}
			return found;
		});
	}

	private Mono<Lookup> lookup(ContentPath path, Context requester) {
		if (this.takedowns.blocks(path)) {
			return Mono.error(Takedowns.gone());
		}
		String key = path.value();
		CompletableFuture<CachedObject> current = this.memory.getIfPresent(key);
		boolean absent = current == null || current.isCompletedExceptionally();
		// a load that failed with a 404 may still be on its way out of memory: the
		// remembered 404 answers either way
		if (absent && this.notFound.getIfPresent(key) != null) {
			return Mono.error(new UpstreamException(UpstreamFailure.NOT_FOUND));
		}
		if (absent) {
			// absent, or a failed load on its way out: whoever swaps in a new one loads
			CompletableFuture<CachedObject> mine = new CompletableFuture<>();
			current = this.memory.asMap()
				.compute(key, (k, held) -> (held == null || held.isCompletedExceptionally()) ? mine : held);
			if (current == mine) {
				load(path, mine, requester);
				return waitFor(mine)
					.map((object) -> new Lookup(object, object.fromDisk() ? CacheStatus.HIT : CacheStatus.MISS));
			}
		}
		if (!current.isDone() || current.isCompletedExceptionally()) {
			this.coalescedWaiters.increment();
			return waitFor(current).map((object) -> new Lookup(object, CacheStatus.COALESCED));
		}
		return serve(path, current, current.join(), requester);
	}

	/**
	 * The fresh copy held in memory under exactly {@code key}, else {@code null}; never
	 * loads. Keys only exist for validated paths, so a raw request path that equals one
	 * is a valid path.
	 */
	public CachedObject peekFresh(String key) {
		CompletableFuture<CachedObject> held = this.memory.getIfPresent(key);
		if (held == null || !held.isDone() || held.isCompletedExceptionally()) {
			return null;
		}
		CachedObject object = held.join();
		if (!object.isFresh(this.clock.instant()) || this.takedowns.blocks(object.path())) {
			// a taken-down path is the controller's to refuse
			return null;
		}
		if (object.path().trackId() != null) {
			this.demand.record(object.path().trackId());
		}
		return object;
	}

	private Mono<Lookup> serve(ContentPath path, CompletableFuture<CachedObject> current, CachedObject object,
			Context requester) {
		Instant now = this.clock.instant();
		if (object.isFresh(now)) {
			return Mono.just(new Lookup(object, CacheStatus.HIT));
		}
		boolean holdingDown = object.failedWithin(now, this.settings.errorHoldDown());
		if (object.servableWhileRevalidating(now) || (holdingDown && object.servableOnError(now))) {
			if (!holdingDown) {
				revalidate(path, current, object, requester);
			}
			return Mono.just(new Lookup(object, CacheStatus.STALE));
		}
		Revalidation revalidation = revalidate(path, current, object, requester);
		if (!revalidation.started()) {
			this.coalescedWaiters.increment();
		}
		return waitFor(revalidation.future()).map((result) -> {
			if (!result.isFresh(this.clock.instant())) {
				return new Lookup(result, CacheStatus.STALE);
			}
			return new Lookup(result, revalidation.started() ? CacheStatus.MISS : CacheStatus.COALESCED);
		});
	}

	/**
	 * Waits without letting a waiter's cancellation cancel the shared load. Waiters
	 * resume on the parallel scheduler: otherwise the upstream connection's event loop
	 * that completed the load would build every waiter's response, one after another,
	 * while other fetches wait for it.
	 */
	private static Mono<CachedObject> waitFor(CompletableFuture<CachedObject> future) {
		return Mono.fromFuture(future, true).publishOn(Schedulers.parallel()).onErrorMap(UpstreamException::of);
	}

	private void load(ContentPath path, CompletableFuture<CachedObject> target, Context requester) {
		Mono<CachedObject> fetch = this.upstream.fetch(path, null)
			.map((response) -> toObject(path, response))
			.doOnNext(this::keepOnDisk);
		Mono<CachedObject> source = fetch;
		if (this.disk != null && path.isSegment()) {
			source = Mono.fromCallable(() -> this.disk.read(path.segment()).orElse(null))
				.subscribeOn(Schedulers.boundedElastic())
				.map((bytes) -> fromDisk(path, bytes))
				.switchIfEmpty(fetch);
		}
		source.subscribe(target::complete, (error) -> {
			rememberNotFound(path, error);
			target.completeExceptionally(error);
		}, () -> complete(target, path), requester);
		target.thenAccept((object) -> {
			if (!object.freshness().storable() || this.takedowns.blocks(path)) {
				this.memory.asMap().remove(path.value(), target);
			}
		});
	}

	private Revalidation revalidate(ContentPath path, CompletableFuture<CachedObject> current, CachedObject stale,
			Context requester) {
		String key = path.value();
		CompletableFuture<CachedObject> mine = new CompletableFuture<>();
		CompletableFuture<CachedObject> running = this.revalidations.putIfAbsent(key, mine);
		if (running != null) {
			return new Revalidation(running, false);
		}
		this.upstream.fetch(path, stale.etag())
			.map((response) -> response.notModified() ? notModified(path, stale, response) : toObject(path, response))
			.doFinally((signal) -> {
				if (!mine.isDone()) {
					this.revalidations.remove(key, mine);
					complete(mine, path);
				}
			})
			.subscribe((fresh) -> {
				if (fresh.freshness().storable() && !this.takedowns.blocks(path)) {
					this.memory.asMap().replace(key, current, CompletableFuture.completedFuture(fresh));
				}
				else {
					this.memory.asMap().remove(key, current);
				}
				finish(key, mine, fresh);
			}, (error) -> {
				Instant now = this.clock.instant();
				if (UpstreamFailure.classify(error).upstreamFault() && stale.servableOnError(now)) {
					CachedObject failed = stale.failed(now);
					this.memory.asMap().replace(key, current, CompletableFuture.completedFuture(failed));
					finish(key, mine, failed);
				}
				else {
					// the upstream answered 404/4xx, or the copy is too old to stand in
					rememberNotFound(path, error);
					this.memory.asMap().remove(key, current);
					this.revalidations.remove(key, mine);
					mine.completeExceptionally(UpstreamException.of(error));
				}
			}, null, requester);
		return new Revalidation(mine, true);
	}

	/** Keys remembered as absent upstream at most: each costs about 100 bytes. */
	private static final int NOT_FOUND_KEYS = 100_000;

	private void rememberNotFound(ContentPath path, Throwable error) {
		if (!this.settings.negativeTtl().isZero() && UpstreamFailure.classify(error) == UpstreamFailure.NOT_FOUND) {
			this.notFound.put(path.value(), Boolean.TRUE);
		}
	}

	/** Never leaves a waiter hanging, whatever the fetch did. */
	private static void complete(CompletableFuture<CachedObject> future, ContentPath path) {
		if (!future.isDone()) {
			log.warn("Fetch of {} ended without an answer", path);
			future.completeExceptionally(new UpstreamException(UpstreamFailure.UPSTREAM_ERROR));
		}
	}

	private void finish(String key, CompletableFuture<CachedObject> revalidation, CachedObject result) {
		this.revalidations.remove(key, revalidation);
		revalidation.complete(result);
	}

	private CachedObject notModified(ContentPath path, CachedObject stale, UpstreamResponse response) {
		String cacheControl = (response.cacheControl() != null) ? response.cacheControl() : stale.cacheControl();
		return stale.revalidated(this.clock.instant(), cacheControl, response.ageSeconds(),
				Freshness.of(path, cacheControl, this.settings));
	}

	private CachedObject toObject(ContentPath path, UpstreamResponse response) {
		byte[] body = response.body();
		String cacheControl = response.cacheControl();
		if (cacheControl == null && path.isSegment()) {
			cacheControl = SEGMENT_CACHE_CONTROL;
		}
		String etag = response.etag();
		if (etag == null) {
			etag = quote(path.isSegment() ? path.segment().id().value() : SegmentId.ofBytes(body).value());
		}
		String contentType = (response.contentType() != null) ? response.contentType() : defaultContentType(path);
		return new CachedObject(path, CachedObject.offHeap(body), contentType, etag, cacheControl, this.clock.instant(),
				response.ageSeconds(), Freshness.of(path, cacheControl, this.settings), false, null);
	}

	private CachedObject fromDisk(ContentPath path, byte[] body) {
		return new CachedObject(path, CachedObject.offHeap(body), path.segment().format().contentType(),
				quote(path.segment().id().value()), SEGMENT_CACHE_CONTROL, this.clock.instant(), 0,
				Freshness.of(path, null, this.settings), true, null);
	}

	private void keepOnDisk(CachedObject object) {
		if (this.disk != null && object.path().isSegment() && !this.takedowns.blocks(object.path())) {
			Schedulers.boundedElastic().schedule(() -> this.disk.write(object.path().segment(), object.body()));
		}
	}

	/** Caching of segments from an upstream that sends none: they are immutable. */
	static final String SEGMENT_CACHE_CONTROL = "max-age=31536000, public, immutable";

	private static String defaultContentType(ContentPath path) {
		return switch (path.kind()) {
			case SEGMENT -> path.segment().format().contentType();
			case CATALOG -> "application/json";
			case MASTER, MEDIA -> "application/vnd.apple.mpegurl";
		};
	}

	private static String quote(String tag) {
		return "\"" + tag + "\"";
	}

	/** Drops {@code path} from every tier; whether anything was held. */
	public boolean purge(ContentPath path) {
		this.notFound.invalidate(path.value());
		boolean removed = this.memory.asMap().remove(path.value()) != null;
		if (this.disk != null && path.isSegment()) {
			removed |= this.disk.remove(path.segment());
		}
		return removed;
	}

	/** Drops every key starting with {@code prefix} from every tier; how many keys. */
	public int purgePrefix(String prefix) {
		this.notFound.asMap().keySet().removeIf((key) -> key.startsWith(prefix));
		Set<String> removed = new HashSet<>();
		for (String key : List.copyOf(this.memory.asMap().keySet())) {
			if (key.startsWith(prefix) && this.memory.asMap().remove(key) != null) {
				removed.add(key);
			}
		}
		if (this.disk != null) {
			this.disk.removeIf((segment) -> segment.path().startsWith(prefix))
				.forEach((segment) -> removed.add(segment.path()));
		}
		return removed.size();
	}

	/**
	 * The media playlists of {@code trackId} held in memory, fresh or not: what a
	 * takedown reads the track's segments from.
	 */
	public List<CachedObject> heldMediaPlaylists(TrackId trackId) {
		String prefix = "/tracks/" + trackId.value() + "/";
		List<CachedObject> playlists = new ArrayList<>();
		this.memory.asMap().forEach((key, held) -> {
			if (key.startsWith(prefix) && held.isDone() && !held.isCompletedExceptionally()
					&& held.join().path().kind() == ContentPath.Kind.MEDIA) {
				playlists.add(held.join());
			}
		});
		return playlists;
	}

	/** Pins {@code keys} for {@code trackId}: size eviction no longer touches them. */
	public synchronized void pin(TrackId trackId, Collection<String> keys) {
		this.pinnedTracks.put(trackId, Set.copyOf(keys));
		this.pinnedKeys.addAll(keys);
		keys.forEach(this::reweigh);
	}

	/** Releases the pins of {@code trackId}; whether it was pinned. */
	public synchronized boolean unpin(TrackId trackId) {
		Set<String> released = this.pinnedTracks.remove(trackId);
		if (released == null) {
			return false;
		}
		Set<String> stillPinned = new HashSet<>();
		this.pinnedTracks.values().forEach(stillPinned::addAll);
		for (String key : released) {
			if (!stillPinned.contains(key)) {
				this.pinnedKeys.remove(key);
				reweigh(key);
			}
		}
		return true;
	}

	public Set<TrackId> pinnedTracks() {
		return Set.copyOf(this.pinnedTracks.keySet());
	}

	/** Re-inserts a held object so its weight and expiry are computed again. */
	private void reweigh(String key) {
		CompletableFuture<CachedObject> held = this.memory.getIfPresent(key);
		if (held != null && held.isDone() && !held.isCompletedExceptionally()) {
			this.memory.asMap().replace(key, held, CompletableFuture.completedFuture(held.join()));
		}
	}

	/** Bytes of evictable objects in memory. */
	public long memoryWeight() {
		return this.memory.synchronous()
			.policy()
			.eviction()
			.map((eviction) -> eviction.weightedSize().orElse(0))
			.orElse(0L);
	}

	/** Bytes of pinned objects in memory. */
	public long pinnedWeight() {
		long bytes = 0;
		for (String key : this.pinnedKeys) {
			CompletableFuture<CachedObject> held = this.memory.getIfPresent(key);
			if (held != null && held.isDone() && !held.isCompletedExceptionally()) {
				bytes += held.join().weight();
			}
		}
		return bytes;
	}

	/** Sizes by tier, for the admin API. */
	public CacheStats stats() {
		return new CacheStats(this.memory.synchronous().estimatedSize(), memoryWeight(), this.pinnedKeys.size(),
				pinnedWeight(), (this.disk != null) ? this.disk.size() : 0,
				(this.disk != null) ? this.disk.weight() : 0,
				pinnedTracks().stream().map(TrackId::value).sorted().toList());
	}

	/**
	 * Sizes by tier.
	 *
	 * @param memoryObjects objects in memory, pinned included
	 * @param memoryBytes bytes of evictable objects in memory
	 * @param pinnedObjects pinned keys
	 * @param pinnedBytes bytes of pinned objects in memory
	 * @param diskObjects segments on disk
	 * @param diskBytes bytes on disk
	 * @param pinnedTracks tracks pinned
	 */
	public record CacheStats(long memoryObjects, long memoryBytes, long pinnedObjects, long pinnedBytes,
			long diskObjects, long diskBytes, List<String> pinnedTracks) {
	}

	private record Revalidation(CompletableFuture<CachedObject> future, boolean started) {
	}

	/**
	 * Keeps a copy as long as it may be served at all: segments and pinned objects
	 * forever, playlists until their stale windows close.
	 */
	private final class Retention implements Expiry<String, CachedObject> {

		@Override
		public long expireAfterCreate(String key, CachedObject object, long currentTime) {
			if (EdgeCache.this.pinnedKeys.contains(key)) {
				return Long.MAX_VALUE;
			}
			Duration retention = object.freshness().retention();
			if (retention == null) {
				return Long.MAX_VALUE;
			}
			Duration left = retention.minus(object.age(EdgeCache.this.clock.instant()));
			return left.isNegative() ? 0 : left.toNanos();
		}

		@Override
		public long expireAfterUpdate(String key, CachedObject object, long currentTime, long currentDuration) {
			return expireAfterCreate(key, object, currentTime);
		}

		@Override
		public long expireAfterRead(String key, CachedObject object, long currentTime, long currentDuration) {
			return currentDuration;
		}

	}

}
