package cdn.router.edge;

/**
 * Rendezvous (highest random weight) hashing: each key goes to the node with the highest
 * {@link #score(long, long)}. Removing a node moves only the keys that node had; adding
 * one takes about 1/N of the keys from the others. Hashes are FNV-1a over the string's
 * UTF-16 code units, finished with MurmurHash3's 64-bit mixer, so every JVM ranks the
 * same way.
 */
public final class RendezvousHash {

	private static final long FNV_OFFSET = 0xcbf29ce484222325L;

	private static final long FNV_PRIME = 0x100000001b3L;

	private RendezvousHash() {
	}

	/** A well-mixed 64-bit hash of a key (track id) or a node (edge URL). */
	public static long hash(String value) {
		long hash = FNV_OFFSET;
		for (int i = 0; i < value.length(); i++) {
			hash ^= value.charAt(i);
			hash *= FNV_PRIME;
		}
		return mix(hash);
	}

	/** The weight of a node for a key; the highest wins. */
	public static long score(long keyHash, long nodeHash) {
		return mix(keyHash ^ nodeHash);
	}

	/** MurmurHash3's fmix64: every input bit affects every output bit. */
	static long mix(long value) {
		long h = value;
		h ^= h >>> 33;
		h *= 0xff51afd7ed558ccdL;
		h ^= h >>> 33;
		h *= 0xc4ceb9fe1a85ec53L;
		h ^= h >>> 33;
		return h;
	}

}
