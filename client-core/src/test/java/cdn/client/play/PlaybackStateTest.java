package cdn.client.play;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PlaybackStateTest {

	private static final long MS = 1_000_000;

	private final SimClock.Manual clock = new SimClock.Manual();

	private final PlaybackState playback = new PlaybackState(new double[] { 4, 4, 4 });

	@Test
	void startupIsTheTimeToTheFirstBufferedSegment() {
		this.playback.start(this.clock.nanos());
		this.clock.advanceMillis(120);
		this.playback.advance(this.clock.nanos());
		assertThat(this.playback.hasStartedPlaying()).isFalse();
		this.clock.advanceMillis(30);
		this.playback.onBuffered(0, this.clock.nanos());

		assertThat(this.playback.startupNanos()).isEqualTo(150 * MS);
		assertThat(this.playback.stallEvents()).isZero();
		assertThat(this.playback.stallNanos()).isZero();
	}

	@Test
	void aMissingSegmentStallsThePlayheadUntilItArrives() {
		this.playback.start(0);
		this.playback.onBuffered(0, 0);
		this.clock.advanceMillis(5_000);
		this.playback.advance(this.clock.nanos());

		assertThat(this.playback.isStalled()).isTrue();
		assertThat(this.playback.stallEvents()).isEqualTo(1);
		assertThat(this.playback.playheadSeconds()).isEqualTo(4.0);
		assertThat(this.playback.stallNanos()).isEqualTo(1_000 * MS);

		this.clock.advanceMillis(500);
		this.playback.onBuffered(1, this.clock.nanos());
		assertThat(this.playback.isStalled()).isFalse();
		assertThat(this.playback.stallNanos()).isEqualTo(1_500 * MS);
		this.playback.onBuffered(2, this.clock.nanos());
		this.clock.advanceMillis(8_000);
		this.playback.advance(this.clock.nanos());

		assertThat(this.playback.isFinished()).isTrue();
		assertThat(this.playback.stallEvents()).isEqualTo(1);
		assertThat(this.playback.playedNanos()).isEqualTo(13_500 * MS);
	}

	@Test
	void bufferAheadAndNextMissingFollowThePlayhead() {
		this.playback.start(0);
		this.playback.onBuffered(0, 0);
		this.playback.onBuffered(1, 0);
		assertThat(this.playback.bufferAheadSeconds()).isEqualTo(8.0);
		assertThat(this.playback.nextMissing()).isEqualTo(2);
		assertThat(this.playback.secondsUntilNeeded(2)).isEqualTo(8.0);

		this.clock.advanceMillis(3_000);
		this.playback.advance(this.clock.nanos());
		assertThat(this.playback.bufferAheadSeconds()).isEqualTo(5.0, org.assertj.core.data.Offset.offset(1e-9));
		assertThat(this.playback.secondsUntilNeeded(2)).isEqualTo(5.0, org.assertj.core.data.Offset.offset(1e-9));
	}

	@Test
	void aLivePlaybackStallsAtTheLiveEdgeGrowsAndEndsOnlyOnceComplete() {
		PlaybackState live = new PlaybackState(new double[] { 4 }, false);
		live.start(0);
		live.onBuffered(0, 0);
		this.clock.advanceMillis(5_000);
		live.advance(this.clock.nanos());

		assertThat(live.isFinished()).isFalse();
		assertThat(live.isStalled()).as("waiting at the live edge").isTrue();
		assertThat(live.stallNanos()).isEqualTo(1_000 * MS);
		assertThat(live.bufferAheadSeconds()).isZero();

		live.append(new double[] { 4, 4 });
		assertThat(live.segmentCount()).isEqualTo(3);
		assertThat(live.nextMissing()).isEqualTo(1);
		assertThat(live.isStalled()).as("appended is not buffered").isTrue();
		this.clock.advanceMillis(500);
		live.onBuffered(1, this.clock.nanos());
		live.onBuffered(2, this.clock.nanos());
		assertThat(live.isStalled()).isFalse();
		assertThat(live.secondsUntilNeeded(2)).isEqualTo(4.0);

		live.complete();
		this.clock.advanceMillis(8_000);
		live.advance(this.clock.nanos());
		assertThat(live.isFinished()).isTrue();
		assertThat(live.stallEvents()).isOne();
		assertThat(live.stallNanos()).isEqualTo(1_500 * MS);
		assertThat(live.playheadSeconds()).isEqualTo(12.0);
	}

	@Test
	void aLivePlaybackCompletedAtTheEdgeFinishesThere() {
		PlaybackState live = new PlaybackState(new double[] { 4 }, false);
		live.start(0);
		live.onBuffered(0, 0);
		this.clock.advanceMillis(6_000);
		live.advance(this.clock.nanos());
		live.complete();
		this.clock.advanceMillis(1_000);
		live.advance(this.clock.nanos());

		assertThat(live.isFinished()).isTrue();
	}

}
