package cdn.protocol;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PeerIdTest {

	@ParameterizedTest
	@ValueSource(strings = { "a", "Z", "peer_1-x", "AbCdEfGhIjKlMnOpQrStUv",
			"x123456789012345678901234567890123456789012345678901234567890123" })
	void acceptsValidIds(String value) {
		assertThat(PeerId.isValid(value)).isTrue();
		assertThat(PeerId.of(value).value()).isEqualTo(value);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "a b", "a.b", "a/b", "a+b", "ä", "%41",
			"x1234567890123456789012345678901234567890123456789012345678901234" })
	void rejectsMalformedIdsWithAReason(String value) {
		assertThat(PeerId.isValid(value)).isFalse();
		assertThatExceptionOfType(InvalidIdException.class).isThrownBy(() -> PeerId.of(value))
			.withMessageContaining("peer id");
	}

}
