package cdn.protocol;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SegmentIdTest {

	// sha256("abc"), FIPS 180-2 test vector
	private static final String ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

	@Test
	void idIsTheSha256OfTheBytes() {
		assertThat(SegmentId.ofBytes("abc".getBytes(StandardCharsets.US_ASCII)).value()).isEqualTo(ABC);
	}

	@Test
	void fileAndBytesGiveTheSameId(@TempDir Path dir) throws Exception {
		byte[] bytes = new byte[200_000];
		new java.util.Random(7).nextBytes(bytes);
		Path file = Files.write(dir.resolve("x"), bytes);
		assertThat(SegmentId.ofFile(file)).isEqualTo(SegmentId.ofBytes(bytes));
	}

	@Test
	void aFlippedByteDoesNotMatch() {
		byte[] bytes = "abc".getBytes(StandardCharsets.US_ASCII);
		SegmentId id = SegmentId.of(ABC);
		assertThat(id.matches(bytes)).isTrue();
		bytes[1] ^= 1;
		assertThat(id.matches(bytes)).isFalse();
	}

	@Test
	void rejectsUpperCaseShortAndNonHex() {
		for (String bad : new String[] { ABC.toUpperCase(), ABC.substring(1), ABC.replace('a', 'g'), "../etc/passwd",
				null }) {
			assertThatExceptionOfType(InvalidIdException.class).isThrownBy(() -> SegmentId.of(bad));
		}
	}

}
