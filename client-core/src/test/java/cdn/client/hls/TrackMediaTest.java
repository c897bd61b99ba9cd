package cdn.client.hls;

import java.util.ArrayList;
import java.util.List;

import cdn.protocol.Rendition;
import cdn.protocol.SegmentFormat;
import cdn.protocol.SegmentId;
import cdn.protocol.SegmentName;
import cdn.protocol.TrackId;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/** A live track's media: where playback starts and how reloads grow it. */
class TrackMediaTest {

	private static final TrackId RADIO = TrackId.of("radio");

	@Test
	void playbackStartsTheDistanceBehindTheLastSegmentEveryRenditionLists() {
		TrackMedia media = TrackMedia.of(RADIO, List.of(live(Rendition.A64, 10, 16), live(Rendition.A128, 11, 17)));

		TrackMedia start = media.fromLiveEdge(3);

		assertThat(start.firstSequence()).isEqualTo(13);
		assertThat(start.segmentCount()).isEqualTo(3);
		assertThat(start.segment(0, 1).name()).isEqualTo(name(Rendition.A128, 13));
		assertThat(start.segment(2, 0).name()).isEqualTo(name(Rendition.A64, 15));
		assertThat(start.segment(2, 0).index()).isEqualTo(2);
		assertThat(start.live()).isTrue();
		// a window shorter than the distance: from the oldest segment all list
		assertThat(media.fromLiveEdge(10).firstSequence()).isEqualTo(11);
	}

	@Test
	void playlistsReadOnBothSidesOfASlideKeepTheSegmentsAllList() {
		// the stream's first minute: the window still grows, and the second playlist was
		// read after a segment more was published
		TrackMedia media = TrackMedia.of(RADIO, List.of(live(Rendition.A64, 0, 5), live(Rendition.A128, 0, 6)));

		assertThat(media.firstSequence()).isZero();
		assertThat(media.segmentCount()).isEqualTo(5);
		assertThat(media.segment(4, 1).name()).isEqualTo(name(Rendition.A128, 4));
		// a full window slid between the reads
		TrackMedia slid = TrackMedia.of(RADIO, List.of(live(Rendition.A64, 10, 16), live(Rendition.A128, 11, 17)));
		assertThat(slid.firstSequence()).isEqualTo(11);
		assertThat(slid.segmentCount()).isEqualTo(5);
	}

	@Test
	void renditionsWithoutACommonSegmentCannotBePlayed() {
		List<RenditionPlaylist> apart = List.of(live(Rendition.A64, 10, 12), live(Rendition.A128, 12, 14));

		assertThatIllegalStateException().isThrownBy(() -> TrackMedia.of(RADIO, apart));
		assertThatIllegalArgumentException().isThrownBy(() -> new TrackMedia(RADIO, apart));
	}

	@Test
	void aReloadAppendsWhatEveryRenditionListsAfterTheEndAndNamesTheWindowStart() {
		TrackMedia start = TrackMedia.of(RADIO, List.of(live(Rendition.A64, 10, 15), live(Rendition.A128, 10, 15)))
			.fromLiveEdge(3);

		TrackMedia.Extension reload = start
			.extendedWith(List.of(live(Rendition.A64, 13, 19), live(Rendition.A128, 12, 18)));

		assertThat(reload.added()).isEqualTo(3);
		assertThat(reload.windowStart()).isEqualTo(13);
		assertThat(reload.ended()).isFalse();
		assertThat(reload.fellBehind()).isFalse();
		TrackMedia grown = reload.media();
		assertThat(grown.firstSequence()).isEqualTo(12);
		assertThat(grown.segmentCount()).isEqualTo(6);
		assertThat(grown.segment(5, 0).name()).isEqualTo(name(Rendition.A64, 17));
		assertThat(grown.segment(5, 1).name()).isEqualTo(name(Rendition.A128, 17));
		assertThat(grown.durations(3)).containsExactly(4, 4, 4);

		TrackMedia.Extension nothing = grown
			.extendedWith(List.of(live(Rendition.A64, 13, 18), live(Rendition.A128, 13, 18)));
		assertThat(nothing.added()).isZero();
		assertThat(nothing.media()).isSameAs(grown);
	}

	@Test
	void aReloadThatMissedTheNextSegmentFellBehindAndAnEndListEnds() {
		TrackMedia start = TrackMedia.of(RADIO, List.of(live(Rendition.A64, 10, 15))).fromLiveEdge(3);

		assertThat(start.extendedWith(List.of(live(Rendition.A64, 16, 20))).fellBehind()).isTrue();
		RenditionPlaylist ended = new RenditionPlaylist(Rendition.A64, 70_000, null, segments(Rendition.A64, 14, 17),
				14, false);
		TrackMedia.Extension last = start.extendedWith(List.of(ended));
		assertThat(last.ended()).isTrue();
		assertThat(last.added()).isEqualTo(2);
		assertThat(last.media().live()).isFalse();
	}

	private static RenditionPlaylist live(Rendition rendition, int first, int end) {
		return new RenditionPlaylist(rendition, rendition.kbps() * 1100L, null, segments(rendition, first, end), first,
				true);
	}

	private static List<SegmentRef> segments(Rendition rendition, int first, int end) {
		List<SegmentRef> segments = new ArrayList<>();
		for (int sequence = first; sequence < end; sequence++) {
			segments.add(new SegmentRef(segments.size(), name(rendition, sequence), 4));
		}
		return segments;
	}

	private static SegmentName name(Rendition rendition, int sequence) {
		return new SegmentName(SegmentId.ofBytes((rendition.id() + "/" + sequence).getBytes()), SegmentFormat.M4S);
	}

}
