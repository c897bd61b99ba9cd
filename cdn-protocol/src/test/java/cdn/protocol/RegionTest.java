package cdn.protocol;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RegionTest {

	@ParameterizedTest
	@ValueSource(strings = { "us-east", "eu-west", "ap-south", "x", "12345678901234567890123456789012" })
	void acceptsValidRegions(String value) {
		assertThat(Region.of(value).value()).isEqualTo(value);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "US-EAST", "us_east", "us east", "us.east", "123456789012345678901234567890123" })
	void rejectsMalformedRegionsWithAReason(String value) {
		assertThat(Region.isValid(value)).isFalse();
		assertThatExceptionOfType(InvalidIdException.class).isThrownBy(() -> Region.of(value))
			.withMessageContaining("region");
	}

}
