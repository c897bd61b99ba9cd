package cdn.origin.media;

/**
 * No usable ffmpeg: the message is one line that says what to install or configure. The
 * origin fails at start with just that line (see {@code FfmpegFailureAnalyzer}).
 */
public class FfmpegUnavailableException extends IllegalStateException {

	FfmpegUnavailableException(String message) {
		super(message);
	}

	FfmpegUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
