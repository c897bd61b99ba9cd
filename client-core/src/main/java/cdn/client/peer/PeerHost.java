package cdn.client.peer;

import java.util.List;

import cdn.protocol.SegmentId;
import cdn.protocol.tracker.SegmentPeers;
import reactor.core.publisher.Mono;

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

	/**
	 * Peer exchange ({@link PeerExchange}): for each of {@code segments}, this peer if it
	 * holds it and uploads, and the holders it knows of {@code region}; none by default.
	 */
	default Mono<List<SegmentPeers>> exchange(List<SegmentId> segments, String region) {
		return Mono.just(List.of());
	}

}
