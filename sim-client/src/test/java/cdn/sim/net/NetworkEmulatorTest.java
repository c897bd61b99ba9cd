package cdn.sim.net;

import java.time.Duration;

import cdn.client.net.EmulatedLink;
import cdn.client.net.Network;
import cdn.client.play.SimClock;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

import static org.assertj.core.api.Assertions.assertThat;

class NetworkEmulatorTest {

	@Test
	void rttMatrixIsSymmetricWithDefaults() {
		NetworkEmulator network = new NetworkEmulator(new SimClock.Manual(),
				NetworkEmulator.parseMatrix("us-east/eu-west=80ms"), Duration.ofMillis(5), Duration.ofMillis(150));
		assertThat(network.rtt("eu-west", "us-east").toMillis()).isEqualTo(80);
		assertThat(network.rtt("us-east", "us-east").toMillis()).isEqualTo(5);
		assertThat(network.rtt("us-east", "ap-south").toMillis()).isEqualTo(150);
	}

	@Test
	void aListenersTransferTakesItsRoundTripPlusItsDownlinkTime() {
		NetworkEmulator network = new NetworkEmulator(SimClock.scaled(1), NetworkEmulator.parseMatrix(""),
				Duration.ZERO, Duration.ZERO);
		// 12 500 bytes at 1000 kbit/s: 100 ms on the link, after a 100 ms round trip
		Network path = network.forListener(new EmulatedLink(SimClock.scaled(1), 1000));
		long start = System.nanoTime();
		StepVerifier.create(path.carry(Mono.just(new byte[12_500]), (bytes) -> bytes.length, Duration.ofMillis(100)))
			.expectNextCount(1)
			.verifyComplete();
		assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(Duration.ofMillis(200).toNanos());
	}

}
