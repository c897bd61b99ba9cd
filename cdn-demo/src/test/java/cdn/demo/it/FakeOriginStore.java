package cdn.demo.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import cdn.protocol.SegmentFormat;
import cdn.protocol.SegmentId;
import cdn.protocol.SegmentName;

/**
 * Writes a track into an origin storage directory in the origin's layout, with random
 * bytes as segments. The client never decodes audio, it only checks hashes, so this is
 * all a listener needs, and it takes milliseconds instead of an ffmpeg run.
 */
public final class FakeOriginStore {

	private FakeOriginStore() {
	}

	/** Segment sizes per rendition for 4 s of a64, a128, a256. */
	static final int[] SEGMENT_BYTES = { 32_000, 64_000, 128_000 };

	static final String[] RENDITIONS = { "a64", "a128", "a256" };

	/** Returns the ids of every segment written (init segments included). */
	public static List<SegmentId> track(Path storage, String trackId, int segments) throws IOException {
		Random random = new Random(trackId.hashCode());
		Path segmentDir = Files.createDirectories(storage.resolve("segments"));
		Path trackDir = Files.createDirectories(storage.resolve("tracks").resolve(trackId));
		List<SegmentId> ids = new ArrayList<>();
		StringBuilder master = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:7\n");
		for (int r = 0; r < RENDITIONS.length; r++) {
			SegmentName init = write(segmentDir, randomBytes(random, 700), SegmentFormat.MP4);
			ids.add(init.id());
			StringBuilder media = new StringBuilder("#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-PLAYLIST-TYPE:VOD\n"
					+ "#EXT-X-TARGETDURATION:4\n#EXT-X-MAP:URI=\"" + init.path() + "\"\n");
			for (int i = 0; i < segments; i++) {
				SegmentName name = write(segmentDir, randomBytes(random, SEGMENT_BYTES[r]), SegmentFormat.M4S);
				ids.add(name.id());
				media.append("#EXTINF:4.0,\n").append(name.path()).append('\n');
			}
			media.append("#EXT-X-ENDLIST\n");
			Files.createDirectories(trackDir.resolve(RENDITIONS[r]));
			Files.writeString(trackDir.resolve(RENDITIONS[r]).resolve("index.m3u8"), media);
			master.append("#EXT-X-STREAM-INF:BANDWIDTH=")
				.append(SEGMENT_BYTES[r] * 2)
				.append(",CODECS=\"mp4a.40.2\"\n")
				.append(RENDITIONS[r])
				.append("/index.m3u8\n");
		}
		Files.writeString(trackDir.resolve("master.m3u8"), master);
		Files.writeString(trackDir.resolve("track.json"),
				"{\"trackId\":\"" + trackId + "\",\"title\":\"" + trackId + "\",\"durationSeconds\":" + (segments * 4.0)
						+ ",\"renditions\":[\"a64\",\"a128\",\"a256\"],\"publishedAt\":\"2026-01-01T00:00:00Z\"}");
		return ids;
	}

	private static byte[] randomBytes(Random random, int size) {
		byte[] bytes = new byte[size];
		random.nextBytes(bytes);
		return bytes;
	}

	private static SegmentName write(Path dir, byte[] bytes, SegmentFormat format) throws IOException {
		SegmentName name = new SegmentName(SegmentId.ofBytes(bytes), format);
		Files.write(dir.resolve(name.fileName()), bytes);
		return name;
	}

}
