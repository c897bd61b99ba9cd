package cdn.tracker.store;

import java.util.Set;

import cdn.protocol.PeerId;
import cdn.protocol.Rendition;
import cdn.protocol.SegmentId;
import cdn.protocol.TrackId;
import cdn.protocol.tracker.AnnounceEvent;

/**
 * A validated announce. For {@code stopped} only {@link #peerId()} is meaningful.
 *
 * @param peerId the announcing peer
 * @param event what happened
 * @param trackId the track it plays
 * @param rendition the rendition it holds segments of
 * @param group where its holdings are indexed: its tenant, region and residency seal
 * @param endpoint how it is reached, as {@link Candidate#endpoint()} keeps it: its
 * checked endpoint URL, then a space and its key pin when it has one (one string, so both
 * stores keep a peer's reach in one field)
 * @param uploadKbps upload capacity it offers
 * @param uploadedBytes bytes uploaded to peers so far
 * @param downloadedBytes bytes downloaded from peers so far
 * @param holdings what it holds, in full or as a change
 */
public record Announcement(PeerId peerId, AnnounceEvent event, TrackId trackId, Rendition rendition, HolderGroup group,
		String endpoint, long uploadKbps, long uploadedBytes, long downloadedBytes, Holdings holdings) {

	public static Announcement stopped(PeerId peerId) {
		return new Announcement(peerId, AnnounceEvent.STOPPED, null, null, null, null, 0, 0, 0, new Unchanged());
	}

	/** This announce with its holdings indexed in {@code group}. */
	public Announcement inGroup(HolderGroup group) {
		return new Announcement(this.peerId, this.event, this.trackId, this.rendition, group, this.endpoint,
				this.uploadKbps, this.uploadedBytes, this.downloadedBytes, this.holdings);
	}

	/** What the peer holds, as sent. */
	public sealed interface Holdings permits Full, Delta, Unchanged {

	}

	/** Replaces the holding. */
	public record Full(Set<SegmentId> have) implements Holdings {

	}

	/** Changes the holding; {@code added} and {@code removed} are disjoint. */
	public record Delta(Set<SegmentId> added, Set<SegmentId> removed) implements Holdings {

	}

	/** A heartbeat: the holding stays as it is. */
	public record Unchanged() implements Holdings {

	}

}
