package cdn.client.tracker;

import cdn.protocol.tracker.AnnounceRequest;
import cdn.protocol.tracker.AnnounceResponse;
import cdn.protocol.tracker.PeerLookupRequest;
import cdn.protocol.tracker.PeerLookupResponse;
import cdn.protocol.tracker.PeerReport;
import reactor.core.publisher.Mono;

/**
 * The tracker's API as a client uses it (HTTP today, see {@code HttpTrackerClient}).
 * Every call may fail; callers treat a failure as "no peers known" and carry on with the
 * edge.
 */
public interface TrackerClient {

	Mono<AnnounceResponse> announce(AnnounceRequest request);

	Mono<PeerLookupResponse> lookup(PeerLookupRequest request);

	/** Tells the tracker that {@code peerId} misbehaved. */
	Mono<Void> report(String peerId, PeerReport report);

}
