package cdn.origin.media;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Decides whether a file is usable audio before anything is transcoded or published:
 * ffprobe must find an audio stream, and a full decode must finish without error and
 * yield (nearly) the duration the container declares, which catches truncated files.
 */
public final class AudioInspector {

	/**
	 * A decode shorter than this share of the declared duration means the file is cut.
	 */
	private static final double MIN_DECODED_SHARE = 0.97;

	private static final Pattern OUT_TIME = Pattern.compile("out_time_us=(\\d+)");

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final FfmpegTools tools;

	private final Duration maxDuration;

	private final Duration timeout;

	public AudioInspector(FfmpegTools tools, Duration maxDuration, Duration timeout) {
		this.tools = tools;
		this.maxDuration = maxDuration;
		this.timeout = timeout;
	}

	/**
	 * Returns the decoded duration in seconds, or throws with the reason it is unusable.
	 */
	public double inspect(Path audio) throws UnusableAudioException, IOException, InterruptedException {
		FfmpegTools.ProcessResult probe = this.tools.ffprobe(List.of("-v", "error", "-show_entries",
				"format=duration:stream=codec_type", "-of", "json", audio.toString()), this.timeout);
		if (!probe.succeeded()) {
			throw new UnusableAudioException("not a media file ffmpeg can read: " + reason(probe, audio));
		}
		JsonNode info = JSON.readTree(probe.stdout());
		boolean hasAudio = false;
		for (JsonNode stream : info.path("streams")) {
			hasAudio |= "audio".equals(stream.path("codec_type").asString(""));
		}
		if (!hasAudio) {
			throw new UnusableAudioException("the file has no audio stream");
		}
		double declared = info.path("format").path("duration").asDouble(0);
		if (declared > this.maxDuration.toSeconds()) {
			throw new UnusableAudioException("audio is " + Math.round(declared) + " s long, the limit is "
					+ this.maxDuration.toSeconds() + " s");
		}
		FfmpegTools.ProcessResult decode = this.tools.ffmpeg(List.of("-v", "error", "-i", audio.toString(), "-map",
				"0:a:0", "-f", "null", "-", "-progress", "pipe:1", "-nostats"), this.timeout);
		if (!decode.succeeded() || !decode.stderr().isBlank()) {
			throw new UnusableAudioException("audio does not decode cleanly: " + reason(decode, audio));
		}
		double decoded = lastOutTime(decode.stdout());
		if (decoded <= 0) {
			throw new UnusableAudioException("the audio stream is empty");
		}
		if (declared > 0 && decoded < declared * MIN_DECODED_SHARE) {
			throw new UnusableAudioException(String.format(java.util.Locale.ROOT,
					"audio is truncated: %.2f s decoded of %.2f s declared", decoded, declared));
		}
		return decoded;
	}

	private static double lastOutTime(String progress) {
		Matcher matcher = OUT_TIME.matcher(progress);
		long micros = -1;
		while (matcher.find()) {
			micros = Long.parseLong(matcher.group(1));
		}
		return micros / 1_000_000.0;
	}

	/** ffmpeg's own reason, without the upload's server-side path or memory addresses. */
	static String reason(FfmpegTools.ProcessResult result, Path audio) {
		return result.firstErrorLine()
			.replace(audio.toString(), "input")
			.replaceAll("\\[[^\\]]*@ 0x[0-9a-f]+\\] ?", "")
			.strip();
	}

}
