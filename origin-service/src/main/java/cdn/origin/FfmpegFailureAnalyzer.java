package cdn.origin;

import cdn.origin.media.FfmpegUnavailableException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A start without a usable ffmpeg ends with the one line that says what to install, not
 * with a stack trace ({@code ./cdn} and the demo repeat that line).
 */
class FfmpegFailureAnalyzer extends AbstractFailureAnalyzer<FfmpegUnavailableException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, FfmpegUnavailableException cause) {
		return new FailureAnalysis(cause.getMessage(), null, cause);
	}

}
