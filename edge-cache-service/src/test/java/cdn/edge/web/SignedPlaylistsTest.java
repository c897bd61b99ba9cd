package cdn.edge.web;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SignedPlaylistsTest {

	private static final String SIG = "cdn-scope=/tracks/t1/&cdn-exp=1772370000&cdn-kid=u1&cdn-sig=abc";

	@Test
	void everyUriLineAndUriAttributeCarriesTheSignatureTagsAndBlankLinesStay() {
		String media = """
				#EXTM3U
				#EXT-X-TARGETDURATION:4
				#EXT-X-MAP:URI="/segments/aa.mp4"

				#EXTINF:4.0,
				/segments/bb.m4s
				#EXTINF:4.0,
				/segments/cc.m4s?x=1
				#EXT-X-ENDLIST
				""";
		assertThat(sign(media)).isEqualTo("""
				#EXTM3U
				#EXT-X-TARGETDURATION:4
				#EXT-X-MAP:URI="/segments/aa.mp4?%1$s"

				#EXTINF:4.0,
				/segments/bb.m4s?%1$s
				#EXTINF:4.0,
				/segments/cc.m4s?x=1&%1$s
				#EXT-X-ENDLIST
				""".formatted(SIG));
	}

	@Test
	void relativeVariantUrisAndCrlfLineEndsAreKept() {
		assertThat(sign("#EXTM3U\r\n#EXT-X-STREAM-INF:BANDWIDTH=128000\r\na128/index.m3u8\r\n"))
			.isEqualTo("#EXTM3U\r\n#EXT-X-STREAM-INF:BANDWIDTH=128000\r\na128/index.m3u8?" + SIG + "\r\n");
		assertThat(sign("#EXTM3U\na64/index.m3u8")).isEqualTo("#EXTM3U\na64/index.m3u8?" + SIG);
	}

	@Test
	void everyUriAttributeOfATagIsSignedAndAnUnterminatedOneIsLeft() {
		assertThat(sign("#EXT-X-MEDIA:TYPE=AUDIO,URI=\"a.m3u8\",NAME=\"x\",URI=\"b.m3u8\"\n#EXT-X-KEY:URI=\"k"))
			.isEqualTo("#EXT-X-MEDIA:TYPE=AUDIO,URI=\"a.m3u8?" + SIG + "\",NAME=\"x\",URI=\"b.m3u8?" + SIG
					+ "\"\n#EXT-X-KEY:URI=\"k");
	}

	private static String sign(String playlist) {
		return new String(SignedPlaylists.sign(playlist.getBytes(StandardCharsets.UTF_8), SIG), StandardCharsets.UTF_8);
	}

}
