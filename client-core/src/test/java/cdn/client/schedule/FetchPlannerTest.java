package cdn.client.schedule;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import cdn.client.hls.RenditionPlaylist;
import cdn.client.hls.SegmentRef;
import cdn.client.hls.TrackMedia;
import cdn.client.metrics.Source;
import cdn.client.net.Network;
import cdn.client.peer.PeerDirectory;
import cdn.client.play.PlaybackState;
import cdn.client.schedule.FetchPlanner.Fetch;
import cdn.protocol.Rendition;
import cdn.protocol.SegmentFormat;
import cdn.protocol.SegmentId;
import cdn.protocol.SegmentName;
import cdn.protocol.TrackId;
import cdn.protocol.tracker.PeerEntry;
import cdn.protocol.tracker.SegmentPeers;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import static org.assertj.core.api.Assertions.assertThat;

/** What the tracker's answers turn into, segment by segment, for one listener. */
class FetchPlannerTest {

	private static final int SEGMENTS = 8;

	private final TrackMedia media = new TrackMedia(TrackId.of("song"),
			List.of(new RenditionPlaylist(Rendition.A128, 140_000, null, IntStream.range(0, SEGMENTS)
				.mapToObj((i) -> new SegmentRef(i,
						new SegmentName(SegmentId.ofBytes(("segment " + i).getBytes()), SegmentFormat.M4S), 4.0))
				.toList())));

	private final PeerDirectory directory = new PeerDirectory("me", "us-east", Network.direct(),
			(peer, segment, stall) -> Mono.empty());

	private final FetchPlanner planner = new FetchPlanner(
			new SegmentScheduler(new SegmentScheduler.Settings(true, 6, 2, 3, Duration.ofSeconds(2))), 30,
			this.directory);

	private final PlaybackState playback = new PlaybackState(this.media.durations());

	private final Downloads downloads = new Downloads(SEGMENTS, this.media.hasInit());

	@Test
	void beforePlaybackStartsOnlyTheFirstSegmentIsPlanned() {
		this.playback.start(0);
		learn(2, List.of(), List.of(), true);
		learn(3, List.of(peer("holder")), List.of(), false);

		// nothing known of it yet (the first plan comes before the tracker's answer): the
		// edge, at once; the claim and the holder further on wait for playback
		assertThat(plan()).containsExactly(new Fetch(0, 0, Source.EDGE, null));
	}

	@Test
	void oncePlayingAClaimedSegmentComesFromTheEdgeAheadAndALoadedOneFromItsLoader() {
		this.playback.start(0);
		this.downloads.held(0, 0);
		this.playback.onBuffered(0, 0);
		this.downloads.held(1, 0);
		this.playback.onBuffered(1, 0);
		learn(2, List.of(), List.of(), true);
		learn(3, List.of(), List.of(peer("loader")), false);

		assertThat(plan()).containsExactly(new Fetch(2, 0, Source.EDGE, null),
				new Fetch(3, 0, Source.PEER, Duration.ofSeconds(6)));
	}

	private List<Fetch> plan() {
		return this.planner.plan(this.media, this.playback, this.downloads, 0, 0);
	}

	private void learn(int index, List<PeerEntry> holders, List<PeerEntry> loaders, boolean claimed) {
		String id = this.media.renditions().get(0).segments().get(index).name().id().value();
		this.directory.learn(new SegmentPeers(id, holders.size(), holders, loaders, claimed));
	}

	private static PeerEntry peer(String peerId) {
		return new PeerEntry(peerId, "http://127.0.0.1:1/p/" + peerId, "us-east", 1.5, Instant.EPOCH);
	}

}
