package cdn.client.hls;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;

import cdn.protocol.Rendition;
import cdn.protocol.SegmentName;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.lindstrom.m3u8.model.Variant;
import io.lindstrom.m3u8.parser.PlaylistParserException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The playlists a listener reads come from an edge (or whoever answers for one): the
 * client must refuse a bad one with {@link PlaylistParserException} (the m3u8 parser's)
 * or {@link IllegalArgumentException} (a URI that is not a content address, an id that is
 * not one), never with another exception, and what it accepts names only known
 * renditions, lowest first, and only content-addressed segments. Without
 * {@code JAZZER_FUZZ} only the seeds run ({@code PlaylistFuzzTestInputs/<method>}, the
 * valid ones the origin's own output).
 */
class PlaylistFuzzTest {

	@FuzzTest(maxDuration = "30s")
	void master(byte[] input) {
		List<Variant> variants;
		try {
			variants = PlaylistParser.variants(new String(input, StandardCharsets.UTF_8));
		}
		catch (PlaylistParserException | IllegalArgumentException ex) {
			return;
		}
		assertThat(variants).isSortedAccordingTo(Comparator.comparingLong(Variant::bandwidth));
		for (Variant variant : variants) {
			assertThat(PlaylistParser.renditionOf(variant)).isIn((Object[]) Rendition.values());
		}
	}

	@FuzzTest(maxDuration = "30s")
	void media(byte[] input) {
		RenditionPlaylist playlist;
		try {
			playlist = PlaylistParser.media(Rendition.A128, 128_000, new String(input, StandardCharsets.UTF_8));
		}
		catch (PlaylistParserException | IllegalArgumentException ex) {
			return;
		}
		for (int i = 0; i < playlist.segments().size(); i++) {
			SegmentRef segment = playlist.segments().get(i);
			assertThat(segment.index()).isEqualTo(i);
			assertThat(segment.name().path()).startsWith(SegmentName.PATH_PREFIX);
		}
		if (playlist.init() != null) {
			assertThat(playlist.init().path()).startsWith(SegmentName.PATH_PREFIX);
		}
	}

}
