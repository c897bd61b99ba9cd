package cdn.protocol;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RenditionTest {

	@Test
	void ladderIsA64A128A256() {
		assertThat(Rendition.values()).extracting(Rendition::id).containsExactly("a64", "a128", "a256");
		assertThat(Rendition.of("a128").kbps()).isEqualTo(128);
		assertThatExceptionOfType(InvalidIdException.class).isThrownBy(() -> Rendition.of("A128"));
	}

}
