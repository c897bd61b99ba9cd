package cdn.origin.media;

/**
 * An input that cannot become a track: not audio, truncated, too long, or rejected by
 * ffmpeg. The message is the reason shown to the uploader.
 */
public class UnusableAudioException extends Exception {

	public UnusableAudioException(String reason) {
		super(reason);
	}

}
