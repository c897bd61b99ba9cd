package cdn.origin.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import cdn.protocol.Rendition;
import cdn.protocol.SegmentFormat;
import cdn.protocol.SegmentId;
import cdn.protocol.SegmentName;
import io.lindstrom.m3u8.model.MasterPlaylist;
import io.lindstrom.m3u8.model.MediaPlaylist;
import io.lindstrom.m3u8.model.MediaSegment;
import io.lindstrom.m3u8.model.SegmentMap;
import io.lindstrom.m3u8.model.Variant;
import io.lindstrom.m3u8.parser.MasterPlaylistParser;
import io.lindstrom.m3u8.parser.MediaPlaylistParser;
import io.lindstrom.m3u8.parser.PlaylistParserException;

/**
 * The one implementation of the audio ladder: any audio file becomes AAC renditions
 * {@code a64}, {@code a128}, {@code a256} in fragmented MP4 (CMAF) with ~4 s segments,
 * every segment and init segment renamed to the SHA-256 of its bytes, a media playlist
 * per rendition and a master playlist. The HTTP ingest, the command-line ingest (and so
 * {@code ffmpeg-scripts/}) and the demo catalog all call this class.
 *
 * <p>
 * Output is deterministic (bit-exact flags, no metadata), so the same input always gives
 * the same segment ids.
 */
public final class HlsLadderPackager {

	/** AAC-LC, as advertised in the master playlist's CODECS attribute. */
	static final String AAC_LC = "mp4a.40.2";

	private static final MediaPlaylistParser MEDIA_PARSER = new MediaPlaylistParser();

	private static final MasterPlaylistParser MASTER_PARSER = new MasterPlaylistParser();

	private final FfmpegTools tools;

	private final Duration segmentDuration;

	private final Duration timeout;

	public HlsLadderPackager(FfmpegTools tools, Duration segmentDuration, Duration timeout) {
		this.tools = tools;
		this.segmentDuration = segmentDuration;
		this.timeout = timeout;
	}

	/**
	 * Packages {@code audio} into {@code workDir}: content-addressed segments land in
	 * {@code workDir/segments}, playlists in {@code workDir/track} ({@code master.m3u8},
	 * {@code {rendition}/index.m3u8}).
	 */
	public PackagedTrack packageAudio(Path audio, Path workDir)
			throws UnusableAudioException, IOException, InterruptedException {
		Path raw = Files.createDirectories(workDir.resolve("ffmpeg"));
		Path segments = Files.createDirectories(workDir.resolve("segments"));
		Path track = Files.createDirectories(workDir.resolve("track"));
		FfmpegTools.ProcessResult result = this.tools.ffmpeg(transcodeArguments(audio, raw), this.timeout);
		if (!result.succeeded()) {
			throw new UnusableAudioException("transcoding failed: " + AudioInspector.reason(result, audio));
		}
		Map<Rendition, RenditionStats> stats = new LinkedHashMap<>();
		for (Rendition rendition : Rendition.values()) {
			Path renditionDir = raw.resolve(rendition.id());
			MediaPlaylist playlist = MEDIA_PARSER.readPlaylist(renditionDir.resolve("index.m3u8"));
			MediaPlaylist renamed = renameSegments(playlist, renditionDir, segments);
			Files.createDirectories(track.resolve(rendition.id()));
			Files.writeString(track.resolve(rendition.id()).resolve("index.m3u8"),
					MEDIA_PARSER.writePlaylistAsString(renamed));
			stats.put(rendition, RenditionStats.of(renamed, segments));
		}
		Files.writeString(track.resolve("master.m3u8"), MASTER_PARSER.writePlaylistAsString(masterPlaylist(stats)));
		// milliseconds are precise enough for a catalog and free of binary-fraction noise
		double duration = Math.round(stats.get(Rendition.A128).durationSeconds() * 1000) / 1000.0;
		return new PackagedTrack(segments, track, duration, List.copyOf(stats.keySet()));
	}

	private List<String> transcodeArguments(Path audio, Path out) {
		List<Rendition> ladder = List.of(Rendition.values());
		List<String> args = new ArrayList<>(List.of("-v", "error", "-y", "-i", audio.toString()));
		args.addAll(encodingArguments(ladder));
		args.addAll(List.of("-f", "hls", "-hls_time", formatSeconds(this.segmentDuration.toMillis() / 1000.0),
				"-hls_playlist_type", "vod", "-hls_segment_type", "fmp4", "-hls_fmp4_init_filename", "init.mp4",
				"-hls_segment_filename", out.resolve("%v").resolve("seg%05d.m4s").toString(), "-var_stream_map",
				streamMap(ladder), out.resolve("%v").resolve("index.m3u8").toString()));
		return args;
	}

	/**
	 * The ffmpeg arguments that encode input 0's first audio stream into the ladder: one
	 * AAC-LC output stream per rendition, 48 kHz stereo, bit-exact and without metadata.
	 * Live channels encode with the very same arguments.
	 */
	public static List<String> encodingArguments(List<Rendition> ladder) {
		List<String> args = new ArrayList<>();
		for (int i = 0; i < ladder.size(); i++) {
			args.addAll(List.of("-map", "0:a:0"));
		}
		args.addAll(List.of("-vn", "-sn", "-dn", "-c:a", "aac", "-ar", "48000", "-ac", "2"));
		for (int i = 0; i < ladder.size(); i++) {
			args.addAll(List.of("-b:a:" + i, ladder.get(i).kbps() + "k"));
		}
		args.addAll(List.of("-fflags", "+bitexact", "-flags:a", "+bitexact", "-map_metadata", "-1"));
		return args;
	}

	/**
	 * The HLS muxer's {@code -var_stream_map}: output stream {@code i} is rendition i.
	 */
	public static String streamMap(List<Rendition> ladder) {
		StringBuilder map = new StringBuilder();
		for (int i = 0; i < ladder.size(); i++) {
			map.append(i == 0 ? "" : " ").append("a:").append(i).append(",name:").append(ladder.get(i).id());
		}
		return map.toString();
	}

	/**
	 * A master playlist whose bandwidths are the renditions' nominal bitrates (plus 10 %
	 * container overhead for the peak): what a live channel, whose segments are not yet
	 * encoded, can advertise.
	 */
	public static String nominalMasterPlaylist(List<Rendition> ladder) {
		Map<Rendition, RenditionStats> stats = new LinkedHashMap<>();
		for (Rendition rendition : ladder) {
			long average = rendition.kbps() * 1000;
			stats.put(rendition, new RenditionStats(0, average * 11 / 10, average));
		}
		return MASTER_PARSER.writePlaylistAsString(masterPlaylist(stats));
	}

	private static MediaPlaylist renameSegments(MediaPlaylist playlist, Path from, Path segments) throws IOException {
		// every media segment repeats the same EXT-X-MAP: move the init segment once
		Map<String, String> movedInits = new HashMap<>();
		List<MediaSegment> renamed = new ArrayList<>();
		for (MediaSegment segment : playlist.mediaSegments()) {
			MediaSegment.Builder builder = MediaSegment.builder()
				.from(segment)
				.uri(moveToContentAddress(from.resolve(segment.uri()), SegmentFormat.M4S, segments));
			if (segment.segmentMap().isPresent()) {
				String init = segment.segmentMap().get().uri();
				if (!movedInits.containsKey(init)) {
					movedInits.put(init, moveToContentAddress(from.resolve(init), SegmentFormat.MP4, segments));
				}
				builder.segmentMap(SegmentMap.of(movedInits.get(init)));
			}
			renamed.add(builder.build());
		}
		return MediaPlaylist.builder().from(playlist).mediaSegments(renamed).build();
	}

	/** Moves a file to {@code segments/{sha256}.{ext}} and returns its URL path. */
	private static String moveToContentAddress(Path file, SegmentFormat format, Path segments) throws IOException {
		SegmentName name = new SegmentName(SegmentId.ofFile(file), format);
		Files.move(file, segments.resolve(name.fileName()), StandardCopyOption.REPLACE_EXISTING);
		return name.path();
	}

	private static MasterPlaylist masterPlaylist(Map<Rendition, RenditionStats> stats) {
		MasterPlaylist.Builder master = MasterPlaylist.builder().version(7).independentSegments(true);
		stats.forEach((rendition,
				stat) -> master.addVariants(Variant.builder()
					.bandwidth(stat.peakBitsPerSecond())
					.averageBandwidth(stat.averageBitsPerSecond())
					.codecs(List.of(AAC_LC))
					.uri(rendition.id() + "/index.m3u8")
					.build()));
		return master.build();
	}

	static String formatSeconds(double seconds) {
		return String.format(Locale.ROOT, "%.3f", seconds).replaceAll("\\.?0+$", "");
	}

	/** Reads back a media playlist written by this class (used by tests and tools). */
	public static MediaPlaylist readMediaPlaylist(String text) throws PlaylistParserException {
		return MEDIA_PARSER.readPlaylist(text);
	}

	/** Sizes and durations of one rendition, for the master playlist's bandwidths. */
	record RenditionStats(double durationSeconds, long peakBitsPerSecond, long averageBitsPerSecond) {

		static RenditionStats of(MediaPlaylist playlist, Path segments) throws IOException {
			double total = 0;
			long bytes = 0;
			long peak = 0;
			for (MediaSegment segment : playlist.mediaSegments()) {
				long size = Files.size(segments.resolve(SegmentName.parse(fileName(segment.uri())).fileName()));
				total += segment.duration();
				bytes += size;
				// a tail segment of one AAC frame would make a meaningless peak
				if (segment.duration() >= 1.0) {
					peak = Math.max(peak, Math.round(size * 8 / segment.duration()));
				}
			}
			long average = (total > 0) ? Math.round(bytes * 8 / total) : 0;
			return new RenditionStats(total, Math.max(peak, average), average);
		}

		private static String fileName(String uri) {
			return uri.substring(uri.lastIndexOf('/') + 1);
		}

	}

	/** Where {@link #packageAudio} put its output. */
	public record PackagedTrack(Path segmentsDir, Path trackDir, double durationSeconds, List<Rendition> renditions) {
	}

}
