package cdn.edge.upstream;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Chooses the upstream of each object by rendezvous (highest random weight) hashing of
 * its cache key over the configured shields, so every edge sends a given object to the
 * same shield and removing one of N shields moves only that shield's ~1/N of the keys.
 * The origin comes last, as the fallback when shields fail; with no shields it is the
 * only candidate.
 */
public final class ShieldSelector {

	private final List<URI> shields;

	private final long[] seeds;

	private final URI origin;

	public ShieldSelector(URI origin, List<URI> shields) {
		this.origin = origin;
		this.shields = List.copyOf(shields);
		this.seeds = this.shields.stream()
			.mapToLong((shield) -> hash(shield.toString(), 0x9E3779B97F4A7C15L))
			.toArray();
	}

	/** The upstreams to try for {@code key}, best first; never empty. */
	public List<URI> candidates(String key) {
		if (this.shields.isEmpty()) {
			return List.of(this.origin);
		}
		List<Integer> order = new ArrayList<>(this.shields.size());
		long[] scores = new long[this.shields.size()];
		for (int i = 0; i < scores.length; i++) {
			scores[i] = hash(key, this.seeds[i]);
			order.add(i);
		}
		order.sort(Comparator.comparingLong((Integer i) -> scores[i]).reversed());
		List<URI> candidates = new ArrayList<>(order.size() + 1);
		order.forEach((i) -> candidates.add(this.shields.get(i)));
		candidates.add(this.origin);
		return candidates;
	}

	/** The shield that owns {@code key}, or the origin when there is none. */
	public URI primary(String key) {
		return candidates(key).get(0);
	}

	/** FNV-1a over the UTF-8 bytes from a seed, finished with the SplitMix64 mixer. */
	static long hash(String value, long seed) {
		long h = 0xcbf29ce484222325L ^ seed;
		for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
			h ^= (b & 0xff);
			h *= 0x100000001b3L;
		}
		h ^= (h >>> 30);
		h *= 0xbf58476d1ce4e5b9L;
		h ^= (h >>> 27);
		h *= 0x94d049bb133111ebL;
		return h ^ (h >>> 31);
	}

}
