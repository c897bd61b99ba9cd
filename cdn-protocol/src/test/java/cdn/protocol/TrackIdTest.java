package cdn.protocol;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class TrackIdTest {

	@ParameterizedTest
	@ValueSource(strings = { "a", "0", "night-drive", "a-b-c-1",
			"x123456789012345678901234567890123456789012345678901234567890123" })
	void acceptsValidIds(String value) {
		assertThat(TrackId.isValid(value)).isTrue();
		assertThat(TrackId.of(value).value()).isEqualTo(value);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "-a", "A", "a_b", "a.b", "..", "a/b", "%2e%2e", "a b",
			"x1234567890123456789012345678901234567890123456789012345678901234" })
	void rejectsMalformedIdsWithAReason(String value) {
		assertThat(TrackId.isValid(value)).isFalse();
		assertThatExceptionOfType(InvalidIdException.class).isThrownBy(() -> TrackId.of(value))
			.withMessageContaining("track id");
	}

	@Test
	void slugOfTitleIsAValidId() {
		assertThat(TrackId.slugOf("  Night Drive (Remix) #2 ")).isEqualTo(TrackId.of("night-drive-remix-2"));
		assertThat(TrackId.slugOf("!!!")).isNull();
		assertThat(TrackId.slugOf("a".repeat(70) + " b").value()).hasSize(64);
	}

}
