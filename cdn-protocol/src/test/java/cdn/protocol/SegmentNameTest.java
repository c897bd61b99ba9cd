package cdn.protocol;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SegmentNameTest {

	private static final String ID = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

	@Test
	void parsesIdAndFormat() {
		SegmentName name = SegmentName.parse(ID + ".m4s");
		assertThat(name.id().value()).isEqualTo(ID);
		assertThat(name.format()).isEqualTo(SegmentFormat.M4S);
		assertThat(name.path()).isEqualTo("/segments/" + ID + ".m4s");
		assertThat(SegmentName.parse(ID + ".mp4").format().contentType()).isEqualTo("audio/mp4");
		assertThat(SegmentName.parse(ID + ".ts").format().contentType()).isEqualTo("video/mp2t");
	}

	@Test
	void rejectsUnknownExtensionsAndTraversal() {
		for (String bad : new String[] { ID, ID + ".exe", ID + ".m4s.m4s", "../" + ID + ".m4s", ID + "/.m4s",
				"..%2f..%2fetc%2fpasswd.ts" }) {
			assertThatExceptionOfType(InvalidIdException.class).as(bad).isThrownBy(() -> SegmentName.parse(bad));
		}
	}

}
