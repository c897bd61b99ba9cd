package cdn.client.schedule;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import cdn.client.hls.TrackMedia;
import cdn.client.metrics.Source;
import cdn.client.peer.PeerDirectory;
import cdn.client.play.PlaybackState;
import cdn.client.schedule.SegmentScheduler.Assignment;
import cdn.client.schedule.SegmentScheduler.Candidate;
import cdn.protocol.SegmentId;
import cdn.protocol.tracker.PeerEntry;

/**
 * Turns one listener's state into the fetches to start now: the missing segments of the
 * window ahead of the playhead, each in the rendition to ask peers for, described to the
 * {@link SegmentScheduler} by the peers the {@link PeerDirectory} knows.
 * <p>
 * Until playback starts only the first missing segment is planned: startup waits for
 * nothing else, and a swarm joining at once does not load the edge and the CPU with
 * fetches ahead while its first segments are on their way. The listener talks to the
 * tracker only once playback started, so the first segment comes from the edge at once (a
 * near peer would be no faster, and startup never waits for a tracker round trip).
 */
public final class FetchPlanner {

	/**
	 * Start fetching segment {@code index} in {@code rendition} from {@code source}.
	 *
	 * @param peerTimeout how long a peer may take to start answering (playback time)
	 */
	public record Fetch(int index, int rendition, Source source, Duration peerTimeout) {
	}

	private final SegmentScheduler scheduler;

	private final double windowSeconds;

	private final PeerDirectory directory;

	/**
	 * @param windowSeconds how far ahead of the playhead segments are fetched
	 */
	public FetchPlanner(SegmentScheduler scheduler, double windowSeconds, PeerDirectory directory) {
		this.scheduler = scheduler;
		this.windowSeconds = windowSeconds;
		this.directory = directory;
	}

	/**
	 * @param rendition the ABR's choice, what the edge is asked for
	 * @param ceiling the highest rendition the listener sustains, what a peer's copy may
	 * be in
	 */
	public List<Fetch> plan(TrackMedia media, PlaybackState playback, Downloads downloads, int rendition, int ceiling) {
		List<Candidate> candidates = new ArrayList<>();
		Map<Integer, Integer> forPeers = new HashMap<>();
		int first = playback.nextMissing();
		for (int i = Math.max(first, 0); first >= 0 && i < downloads.segments(); i++) {
			double until = playback.secondsUntilNeeded(i);
			if (until > this.windowSeconds || !playback.hasStartedPlaying() && i > first) {
				break;
			}
			if (!downloads.isMissing(i)) {
				continue;
			}
			int peerRendition = renditionForPeers(media, i, rendition, ceiling);
			forPeers.put(i, peerRendition);
			SegmentId id = id(media, i, peerRendition);
			List<PeerEntry> peers = this.directory.usable(id);
			int near = (int) peers.stream().filter(this.directory::isNear).count();
			int nearLoaders = (int) this.directory.loaders(id).stream().filter(this.directory::isNear).count();
			candidates.add(new Candidate(i, until, peers.size(), near, this.directory.availability(id), nearLoaders,
					this.directory.claimed(id)));
		}
		List<Fetch> fetches = new ArrayList<>();
		for (Assignment assignment : this.scheduler.plan(candidates, downloads.inFlight(Source.EDGE),
				downloads.inFlight(Source.PEER))) {
			int index = assignment.index();
			int chosen = (assignment.source() == Source.PEER) ? forPeers.get(index) : rendition;
			fetches.add(new Fetch(index, chosen, assignment.source(), assignment.peerTimeout()));
		}
		return fetches;
	}

	/**
	 * The rendition to ask peers for: the ABR's choice when a peer holds it, else the
	 * highest sustainable rendition a peer holds (peers that chose differently still
	 * help), else the ABR's choice (it will come from the edge).
	 */
	private int renditionForPeers(TrackMedia media, int index, int chosen, int ceiling) {
		if (this.directory.anyUsable(id(media, index, chosen))) {
			return chosen;
		}
		for (int r = Math.max(ceiling, chosen); r >= 0; r--) {
			if (this.directory.anyUsable(id(media, index, r))) {
				return r;
			}
		}
		return chosen;
	}

	private static SegmentId id(TrackMedia media, int index, int rendition) {
		return media.renditions().get(rendition).segments().get(index).name().id();
	}

}
