package cdn.client.hls;

import java.util.List;

import cdn.protocol.Rendition;
import io.lindstrom.m3u8.parser.PlaylistParserException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * Playlists as an edge that requires signed URLs serves them (each URI with the request's
 * signature on) read as the unsigned ones: the client signs its own requests.
 */
class PlaylistParserTest {

	private static final String SIG = "?cdn-scope=/tracks/t1/&cdn-exp=1772370000&cdn-kid=u1&cdn-sig=abc";

	private static final String SEGMENT = "ab".repeat(32);

	@Test
	void signedUrisNameTheSameRenditionsAndSegments() throws PlaylistParserException {
		String master = "#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=64000,CODECS=\"mp4a.40.2\"\na64/index.m3u8" + SIG
				+ "\n#EXT-X-STREAM-INF:BANDWIDTH=128000,CODECS=\"mp4a.40.2\"\na128/index.m3u8" + SIG + "\n";
		assertThat(PlaylistParser.variants(master).stream().map(PlaylistParser::renditionOf))
			.containsExactly(Rendition.A64, Rendition.A128);

		String media = "#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-TARGETDURATION:4\n#EXT-X-MAP:URI=\"/segments/"
				+ "cd".repeat(32) + ".mp4" + SIG + "\"\n#EXTINF:4.0,\n/segments/" + SEGMENT + ".m4s" + SIG
				+ "\n#EXT-X-ENDLIST\n";
		RenditionPlaylist playlist = PlaylistParser.media(Rendition.A64, 64000, media);
		assertThat(playlist.init().path()).isEqualTo("/segments/" + "cd".repeat(32) + ".mp4");
		assertThat(playlist.segments()).extracting((ref) -> ref.name().path())
			.isEqualTo(List.of("/segments/" + SEGMENT + ".m4s"));
	}

	@Test
	void aUriThatIsNotAContentAddressIsStillRefused() {
		String media = "#EXTM3U\n#EXT-X-TARGETDURATION:4\n#EXTINF:4.0,\n/elsewhere/x.m4s" + SIG + "\n#EXT-X-ENDLIST\n";
		assertThatIllegalArgumentException().isThrownBy(() -> PlaylistParser.media(Rendition.A64, 64000, media));
	}

}
