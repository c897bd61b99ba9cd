package cdn.tracker.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import cdn.protocol.PeerId;
import cdn.protocol.TrackId;
import cdn.protocol.tracker.SwarmView;
import reactor.core.publisher.Mono;

/**
 * The index of who holds which segment. Every implementation passes the same contract
 * suite ({@code PeerStoreContract}); times come from the caller so that expiry is
 * testable with a fixed clock.
 */
public interface PeerStore {

	/**
	 * Applies an announce atomically: either all of it or, for any outcome but
	 * {@code ACCEPTED}, none of it. {@code stopped} is never rate limited.
	 */
	Mono<AnnounceResult> announce(Announcement announcement, Instant now);

	/** Forgets a peer; emits whether it was registered. */
	Mono<Boolean> remove(PeerId peerId);

	/**
	 * Samples holders of each segment, skipping the excluded peer, quarantined peers and
	 * peers silent for longer than the lifetime.
	 */
	Mono<List<SegmentCandidates>> candidates(CandidateQuery query, Instant now);

	/**
	 * Names the loader of each segment in the query's region and grants the requester up
	 * to {@code max} of the offered segments that nobody there holds or has claimed, in
	 * the order offered. Atomic: of requesters offering the same segment at the same
	 * moment, exactly one gets it. One answer per segment, in query order.
	 */
	Mono<List<Loading>> claims(ClaimQuery query, Instant now);

	/** Records that {@code reporter} found {@code peer} misbehaving. */
	Mono<ReportResult> report(PeerId peer, PeerId reporter, Instant now);

	/** Peers per region and availability per rendition of one track. */
	Mono<SwarmView> swarm(TrackId trackId);

	/** Registered peers per region. */
	Mono<Map<String, Long>> peersByRegion();

	/**
	 * Removes peers silent for longer than the lifetime and limiter and report entries
	 * past their time to live; emits how many peers went.
	 */
	Mono<Integer> expire(Instant now);

	/**
	 * Takes a track down: from now on no lookup or claim names a holder of it, and an
	 * announce of it is answered {@code TAKEN_DOWN} (the peer forgotten). Its peers leave
	 * the index at their next announce or expiry.
	 */
	Mono<Void> takeDown(TrackId trackId);

	/** Lifts a takedown; emits whether the track was taken down. */
	Mono<Boolean> restore(TrackId trackId);

	/** The tracks taken down, sorted. */
	Mono<List<String>> takenDown();

	/** Completes when the store answers, errors when it does not. */
	Mono<Void> ping();

}
