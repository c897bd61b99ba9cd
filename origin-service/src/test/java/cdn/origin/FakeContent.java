package cdn.origin;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import cdn.protocol.SegmentFormat;
import cdn.protocol.SegmentId;
import cdn.protocol.SegmentName;

/**
 * Writes a published track straight into a store directory, in the store's layout, with
 * random bytes as segments: for HTTP tests that need content but not ffmpeg.
 */
public final class FakeContent {

	public final List<SegmentName> segments = new ArrayList<>();

	public final Path root;

	public FakeContent(Path root) {
		this.root = root;
	}

	/** A track with 3 renditions of {@code count} segments of {@code size} bytes each. */
	public FakeContent track(String trackId, String title, int count, int size) {
		try {
			Random random = new Random(trackId.hashCode());
			Path segmentsDir = Files.createDirectories(this.root.resolve("segments"));
			Path trackDir = Files.createDirectories(this.root.resolve("tracks").resolve(trackId));
			StringBuilder master = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:7\n");
			for (String rendition : List.of("a64", "a128", "a256")) {
				StringBuilder media = new StringBuilder(
						"#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXT-X-TARGETDURATION:4\n");
				for (int i = 0; i < count; i++) {
					byte[] bytes = new byte[size];
					random.nextBytes(bytes);
					SegmentName name = new SegmentName(SegmentId.ofBytes(bytes), SegmentFormat.M4S);
					Files.write(segmentsDir.resolve(name.fileName()), bytes);
					this.segments.add(name);
					media.append("#EXTINF:4.0,\n").append(name.path()).append('\n');
				}
				media.append("#EXT-X-ENDLIST\n");
				Files.createDirectories(trackDir.resolve(rendition));
				Files.writeString(trackDir.resolve(rendition).resolve("index.m3u8"), media);
				master.append("#EXT-X-STREAM-INF:BANDWIDTH=")
					.append(rendition.substring(1))
					.append("000,CODECS=\"mp4a.40.2\"\n")
					.append(rendition)
					.append("/index.m3u8\n");
			}
			Files.writeString(trackDir.resolve("master.m3u8"), master);
			Files.writeString(trackDir.resolve("track.json"),
					"{\"trackId\":\"" + trackId + "\",\"title\":\"" + title + "\",\"durationSeconds\":" + (count * 4.0)
							+ ",\"renditions\":[\"a64\",\"a128\",\"a256\"],\"publishedAt\":\"2026-01-01T00:00:00Z\"}",
					StandardCharsets.UTF_8);
			return this;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
