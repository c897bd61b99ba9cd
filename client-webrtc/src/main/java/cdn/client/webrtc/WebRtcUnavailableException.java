package cdn.client.webrtc;

/**
 * The WebRTC natives cannot load here (another OS or CPU, missing system libraries): the
 * message says why in one line; the client goes on with HTTP peers.
 */
public final class WebRtcUnavailableException extends Exception {

	public WebRtcUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
