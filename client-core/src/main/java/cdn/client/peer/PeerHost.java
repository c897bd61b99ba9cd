package cdn.client.peer;

/**
 * One listener's side of seeding, as a peer server reaches it from its own threads: only
 * thread-safe parts.
 */
public interface PeerHost {

	SegmentCache cache();

	/** {@code null} when the peer does not upload (metered). */
	UploadLimiter uploads();

	/** The segments it claimed to load: a request for one waits for it. */
	LoadingSegments loading();

	/** Called with the bytes of each completed upload. */
	void uploaded(long bytes);

}
