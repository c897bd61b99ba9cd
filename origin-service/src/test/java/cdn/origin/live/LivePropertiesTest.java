package cdn.origin.live;

import java.time.Duration;
import java.util.List;

import cdn.origin.config.OriginProperties.Channel;
import cdn.origin.config.OriginProperties.Live;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Bad live settings stop the origin at start with a one-line reason. */
class LivePropertiesTest {

	private static final Channel SIGNAL = new Channel("live-radio", "", Channel.TEST_SIGNAL);

	@Test
	void aChannelWithoutTitleIsTitledByItsId() {
		assertThat(SIGNAL.title()).isEqualTo("live-radio");
	}

	@Test
	void badChannelsAreRefusedWithTheSettingNamed() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Channel("Live Radio", "", Channel.TEST_SIGNAL))
			.withMessageContaining("origin.live.channels[].track-id");
		assertThatIllegalArgumentException().isThrownBy(() -> new Channel("live-radio", "", "/no/such/file.mp3"))
			.withMessageContaining("origin.live.channels[].source");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> live(List.of(SIGNAL, SIGNAL), Duration.ofSeconds(4), 10, Duration.ofSeconds(1)))
			.withMessageContaining("twice");
	}

	@Test
	void badWindowsAreRefused() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> live(List.of(), Duration.ofSeconds(1), 10, Duration.ofSeconds(1)))
			.withMessageContaining("segment-duration");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> live(List.of(), Duration.ofSeconds(4), 2, Duration.ofSeconds(1)))
			.withMessageContaining("origin.live.window");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> live(List.of(), Duration.ofSeconds(4), 10, Duration.ofSeconds(4)))
			.withMessageContaining("playlist-max-age");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> live(List.of(), Duration.ofSeconds(4), 10, Duration.ofMillis(500)))
			.withMessageContaining("playlist-max-age");
	}

	private static Live live(List<Channel> channels, Duration segment, int window, Duration maxAge) {
		return new Live(channels, segment, window, maxAge, Duration.ofSeconds(30));
	}

}
