package cdn.origin;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import cdn.origin.media.FfmpegTools;
import cdn.origin.media.FfmpegUnavailableException;

import static org.assertj.core.api.Assertions.assertThat;

/** Real audio files for tests, rendered by the same ffmpeg the origin uses. */
public final class TestAudio {

	private static FfmpegTools tools;

	private TestAudio() {
	}

	private static String unavailable;

	/**
	 * The ffmpeg the origin would use; without one, every call fails with the origin's
	 * one-line advice (and no stack trace of the loader's).
	 */
	public static synchronized FfmpegTools tools() {
		if (tools == null && unavailable == null) {
			try {
				tools = FfmpegTools.locate(null, "auto");
			}
			catch (FfmpegUnavailableException ex) {
				unavailable = ex.getMessage();
			}
		}
		if (tools == null) {
			throw new IllegalStateException(unavailable);
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
