package cdn.origin;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import cdn.origin.media.FfmpegTools;

import static org.assertj.core.api.Assertions.assertThat;

/** Real audio files for tests, rendered by the same ffmpeg the origin uses. */
public final class TestAudio {

	private static FfmpegTools tools;

	private TestAudio() {
	}

	public static synchronized FfmpegTools tools() {
		if (tools == null) {
			tools = FfmpegTools.locate(null, "auto");
		}
		return tools;
	}

	/** A stereo sine tone as 48 kHz WAV. */
	public static Path tone(Path file, int seconds, int frequency) throws IOException, InterruptedException {
		return render(file, "sine=frequency=" + frequency + ":sample_rate=48000:duration=" + seconds);
	}

	public static Path render(Path file, String lavfiSource) throws IOException, InterruptedException {
		FfmpegTools.ProcessResult result = tools().ffmpeg(
				List.of("-v", "error", "-y", "-f", "lavfi", "-i", lavfiSource, "-ac", "2", file.toString()),
				Duration.ofMinutes(2));
		assertThat(result.succeeded()).as(result.stderr()).isTrue();
		return file;
	}

}
