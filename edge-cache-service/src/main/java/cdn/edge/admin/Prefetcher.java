package cdn.edge.admin;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import cdn.edge.cache.EdgeCache;
import cdn.edge.cache.Lookup;
import cdn.edge.config.EdgeProperties;
import cdn.edge.content.ContentPath;
import cdn.protocol.TrackId;
import cdn.protocol.edge.CacheStatus;
import io.lindstrom.m3u8.parser.PlaylistParserException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.stereotype.Component;

/**
 * Warms a whole track through the cache: master playlist, every rendition's playlist,
 * every segment, a few at a time. Goes through {@link EdgeCache#get}, so it coalesces
 * with listeners and fills every tier.
 */
@Component
public class Prefetcher {

	private final EdgeCache cache;

	private final int concurrency;

	Prefetcher(EdgeCache cache, EdgeProperties properties) {
		this.cache = cache;
		this.concurrency = properties.prefetch().concurrency();
	}

	/**
	 * Warms {@code trackId}; fails like a request for its master playlist would (404 for
	 * an unknown track). Failures below the master playlist are counted, not thrown.
	 */
	public Mono<Warmed> warm(TrackId trackId) {
		Tally tally = new Tally();
		ContentPath master = ContentPath.master(trackId);
		return this.cache.warm(master)
			.doOnNext(tally::add)
			.flatMap((masterLookup) -> Flux.fromIterable(children(masterLookup, true, tally))
				.flatMap((media) -> this.cache.warm(media)
					.doOnNext(tally::add)
					.flatMapIterable((lookup) -> children(lookup, false, tally))
					.onErrorResume((error) -> tally.failed()), this.concurrency)
				.distinct()
				.flatMap((segment) -> this.cache.warm(segment).doOnNext(tally::add).then().onErrorResume((error) -> {
					tally.failed();
					return Mono.empty();
				}), this.concurrency)
				.then(Mono.fromSupplier(() -> tally.result(trackId))));
	}

	private static Iterable<ContentPath> children(Lookup lookup, boolean master, Tally tally) {
		try {
			return master ? PlaylistUris.mediaPlaylists(lookup.object().path(), lookup.object().body())
					: PlaylistUris.segments(lookup.object().path(), lookup.object().body());
		}
		catch (PlaylistParserException ex) {
			tally.failed();
			return java.util.List.of();
		}
	}

	/**
	 * What a prefetch did.
	 *
	 * @param trackId the track
	 * @param objects objects now cached (playlists and segments)
	 * @param bytes their bytes
	 * @param fetched how many of them came from the upstream just now
	 * @param failed objects that could not be fetched or parsed
	 */
	public record PrefetchReport(String trackId, int objects, long bytes, int fetched, int failed) {
	}

	/**
	 * A prefetch's report and the keys it cached (for pinning).
	 *
	 * @param report the report
	 * @param keys cache keys of the track's objects
	 */
	public record Warmed(PrefetchReport report, Set<String> keys) {
	}

	private static final class Tally {

		private final Set<String> keys = ConcurrentHashMap.newKeySet();

		private final AtomicLong bytes = new AtomicLong();

		private final AtomicInteger fetched = new AtomicInteger();

		private final AtomicInteger failed = new AtomicInteger();

		void add(Lookup lookup) {
			if (this.keys.add(lookup.object().path().value())) {
				this.bytes.addAndGet(lookup.object().size());
				if (lookup.result() == CacheStatus.MISS) {
					this.fetched.incrementAndGet();
				}
			}
		}

		<T> Flux<T> failed() {
			this.failed.incrementAndGet();
			return Flux.empty();
		}

		Warmed result(TrackId trackId) {
			return new Warmed(new PrefetchReport(trackId.value(), this.keys.size(), this.bytes.get(),
					this.fetched.get(), this.failed.get()), Set.copyOf(this.keys));
		}

	}

}
