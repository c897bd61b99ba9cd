package cdn.edge.content;

import cdn.protocol.InvalidIdException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ContentPathTest {

	static final String ID = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

	@ParameterizedTest
	@ValueSource(strings = { "/v1/catalog", "/tracks/night-drive/master.m3u8", "/tracks/night-drive/a128/index.m3u8",
			"/segments/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.m4s",
			"/segments/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.mp4",
			"/segments/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.ts" })
	void servedPathsParseToThemselves(String path) {
		assertThat(ContentPath.parse(path).value()).isEqualTo(path);
	}

	@ParameterizedTest
	@ValueSource(strings = { "/", "/v1/catalog/", "/tracks/x/track.json", "/tracks/../master.m3u8",
			"/tracks/x/a512/index.m3u8", "/tracks/x/a128/../index.m3u8", "/segments/" + ID + ".exe",
			"/segments/../" + ID + ".m4s", "//evil.example/segments/x.m4s", "/tracks/x/master.m3u8/extra" })
	void anythingElseIsRejected(String path) {
		assertThatExceptionOfType(InvalidIdException.class).isThrownBy(() -> ContentPath.parse(path));
	}

	@Test
	void kindsAndIdsAreKept() {
		ContentPath media = ContentPath.parse("/tracks/night-drive/a64/index.m3u8");
		assertThat(media.kind()).isEqualTo(ContentPath.Kind.MEDIA);
		assertThat(media.trackId().value()).isEqualTo("night-drive");
		ContentPath segment = ContentPath.parse("/segments/" + ID + ".m4s");
		assertThat(segment.isSegment()).isTrue();
		assertThat(segment.segment().id().value()).isEqualTo(ID);
	}

}
