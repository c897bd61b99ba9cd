package cdn.client.play;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AbrControllerTest {

	private final AbrController abr = new AbrController(new long[] { 64, 128, 256 }, 8);

	@Test
	void stepsDownAtOnceWhenThroughputCannotSustainTheRendition() {
		assertThat(this.abr.choose(2, 300, 20)).isEqualTo(1);
		assertThat(this.abr.choose(2, 100, 20)).isZero();
	}

	@Test
	void stepsUpOneRungOnlyWithHeadroomAndBuffer() {
		assertThat(this.abr.choose(0, 10_000, 20)).isEqualTo(1);
		assertThat(this.abr.choose(0, 10_000, 4)).isZero();
		assertThat(this.abr.choose(1, 300, 20)).isEqualTo(1);
	}

	@Test
	void unknownThroughputKeepsTheRendition() {
		assertThat(this.abr.choose(1, -1, 0)).isEqualTo(1);
	}

}
