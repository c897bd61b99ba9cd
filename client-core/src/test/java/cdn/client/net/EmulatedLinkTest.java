package cdn.client.net;

import cdn.client.play.SimClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class EmulatedLinkTest {

	@Test
	void transfersQueueBehindEachOtherAtTheLinkRate() {
		EmulatedLink link = new EmulatedLink(new SimClock.Manual(), 1000);
		// 125 000 bytes at 1000 kbit/s take one second
		assertThat(link.reserve(125_000, 0)).isEqualTo(1_000_000_000L);
		assertThat(link.reserve(125_000, 0)).isEqualTo(2_000_000_000L);
		assertThat(link.reserve(125_000, 5_000_000_000L)).isEqualTo(1_000_000_000L);
	}

	@Test
	void aSpeedUpShortensTransfersAndZeroIsUnlimited() {
		EmulatedLink fast = new EmulatedLink(SimClock.scaled(10), 1000);
		assertThat(fast.reserve(125_000, 0)).isEqualTo(100_000_000L);
		EmulatedLink unlimited = new EmulatedLink(new SimClock.Manual(), 0);
		assertThat(unlimited.reserve(1_000_000, 0)).isZero();
		unlimited.setKbps(8);
		assertThat(unlimited.reserve(1_000, 0)).isEqualTo(1_000_000_000L);
	}

}
